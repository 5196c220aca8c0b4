import "server-only";
import { systemActor } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { recordAudit } from "../audit/record";
import { inAccountTransaction } from "../tx";

// An invitation past its expiry is read as expired at once (effectiveStatus);
// this hourly sweep also records it, so the account's event stream carries
// invitation.expired. Each row is marked by one server only (the UPDATE's
// `status = 'PENDING'` condition), and each marked row gets its event.

/** Marks due invitations EXPIRED with their events; answers how many. */
export async function expireInvitations(now = new Date()): Promise<number> {
  const db = await getDb();
  const due = await db.invitation.findMany({
    where: { status: "PENDING", expiresAt: { lte: now } },
    select: { accountId: true },
    distinct: ["accountId"],
    take: 500,
  });
  let total = 0;
  for (const { accountId } of due) {
    total += await inAccountTransaction(accountId, async (tx) => {
      const rows = await tx.$queryRaw<{ id: number; email: string }[]>`
        UPDATE "Invitation" SET status = 'EXPIRED', "updatedAt" = now()
        WHERE "accountId" = ${accountId} AND status = 'PENDING' AND "expiresAt" <= ${now}
        RETURNING id, email`;
      for (const r of rows)
        await recordAudit(tx, systemActor("invitations"), {
          accountId,
          action: "invitation.expire",
          targetType: "invitation",
          targetId: r.id,
          before: { status: "PENDING" },
          after: { status: "EXPIRED", email: r.email },
        });
      return rows.length;
    });
  }
  return total;
}
