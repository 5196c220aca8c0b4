import "server-only";
import { getDb } from "../../platform/db/client";

// Events are kept ROSTER_EVENT_RETENTION_DAYS (default 30) and pruned in the
// background; the audit log keeps every change for good.

export const eventRetentionDays = () => {
  const n = Number(process.env.ROSTER_EVENT_RETENTION_DAYS ?? 30);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 30;
};

/** Deletes events past the retention, a batch at a time (no long lock); answers how many went. */
export async function pruneEvents(now = new Date()): Promise<number> {
  const db = await getDb();
  const before = new Date(now.getTime() - eventRetentionDays() * 86_400_000);
  let total = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM "Event" WHERE id IN (SELECT id FROM "Event" WHERE "occurredAt" < ${before} LIMIT 5000)`;
    total += n;
    if (n < 5000) return total;
  }
}
