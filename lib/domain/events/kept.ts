import "server-only";
import { DomainError } from "../../platform/errors";
import type { Tx } from "../tx";

/**
 * An account's events still kept: the last sequence number, and up to which
 * the retention pruned them. Reading from a point before that is a 410 that
 * says where to resume (the pull API, a webhook's replay).
 */
export async function assertKeptAfter(db: Tx, accountId: number, after: number): Promise<{ last: number }> {
  const [kept] = await db.$queryRaw<{ last: number; oldest: number | null }[]>`
    SELECT a."eventSequence" AS last, (SELECT min(sequence) FROM "Event" WHERE "accountId" = a.id) AS oldest
    FROM "Account" a WHERE a.id = ${accountId}`;
  const prunedThrough = kept.oldest !== null ? kept.oldest - 1 : kept.last;
  if (after < prunedThrough)
    throw new DomainError(
      "events_pruned",
      `Events up to ${prunedThrough} are past the retention: the oldest kept is ${prunedThrough + 1} (resume with after=${prunedThrough})`,
      [{ field: "after", message: `is older than the oldest event kept (${prunedThrough + 1})` }],
    );
  return { last: kept.last };
}
