import "server-only";
import { timeBatch } from "../db/batched-times";
import { getDb } from "../db/client";

/**
 * When a member last used their account, noted as requests authenticate (a
 * console session or an API key) and written in batches. A membership deleted
 * meanwhile is skipped, not an error.
 */
const activity = timeBatch("member-activity", async (batch) => {
  const db = await getDb();
  await db.$executeRaw`
    INSERT INTO "MemberActivity" ("membershipId", "lastActiveAt")
    SELECT m.id, u.at FROM json_to_recordset(${JSON.stringify(batch)}::json) AS u(id int, at timestamp(3))
    JOIN "Membership" m ON m.id = u.id
    ON CONFLICT ("membershipId") DO UPDATE SET "lastActiveAt" = excluded."lastActiveAt"
    WHERE "MemberActivity"."lastActiveAt" < excluded."lastActiveAt"`;
});

export const noteMemberActive = activity.note;
export const flushMemberActivity = activity.flush;
