import "server-only";
import { timeBatch } from "../db/batched-times";
import { getDb } from "../db/client";

/** When each API key was last used: authenticating a request costs no database write. */
const keyUses = timeBatch("key-uses", async (batch) => {
  const db = await getDb();
  await db.$executeRaw`
    UPDATE "ApiCredential" c SET "lastUsedAt" = u.at
    FROM json_to_recordset(${JSON.stringify(batch)}::json) AS u(id int, at timestamp(3))
    WHERE c.id = u.id AND (c."lastUsedAt" IS NULL OR c."lastUsedAt" < u.at)`;
});

export const noteKeyUsed = keyUses.note;
export const flushKeyUses = keyUses.flush;
