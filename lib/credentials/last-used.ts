import "server-only";
import { getDb } from "../db/client";
import { processState } from "../process-state";

// When each API key was last used, written in batches: authenticating a
// request costs no database write.

const FLUSH_MS = 5_000;
const state = processState("key-uses", () => ({
  pending: new Map<number, number>(),
  timer: undefined as ReturnType<typeof setTimeout> | undefined,
}));
const pending = state.pending;

function schedule() {
  state.timer ??= setTimeout(() => void flushKeyUses(), FLUSH_MS);
  state.timer.unref?.();
}

export function noteKeyUsed(credentialId: number, at = Date.now()): void {
  pending.set(credentialId, at);
  schedule();
}

export async function flushKeyUses(): Promise<void> {
  state.timer = undefined;
  if (pending.size === 0) return;
  const batch = [...pending];
  pending.clear();
  try {
    const db = await getDb();
    await db.$executeRaw`
      UPDATE "ApiCredential" c SET "lastUsedAt" = u.at
      FROM json_to_recordset(${JSON.stringify(batch.map(([id, at]) => ({ id, at: new Date(at).toISOString() })))}::json)
        AS u(id int, at timestamp(3))
      WHERE c.id = u.id AND (c."lastUsedAt" IS NULL OR c."lastUsedAt" < u.at)`;
  } catch {
    // The database is away: keep the times for the next flush, unless newer ones came.
    for (const [id, at] of batch) if (!pending.has(id)) pending.set(id, at);
    schedule();
  }
}
