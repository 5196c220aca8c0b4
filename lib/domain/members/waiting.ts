import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { can } from "../permissions";

/**
 * What waits for an admin: join requests to decide, and invitations that are
 * open or accepted but not yet activated. The console's navigation shows them
 * as counts; anyone who cannot manage members sees none.
 */
export async function waitingForAdmin(actor: Actor): Promise<{ joinRequests: number; invitations: number }> {
  const member = requireMember(actor);
  if (!can(member.role, "members.manage")) return { joinRequests: 0, invitations: 0 };
  const db = await getDb();
  const [row] = await db.$queryRaw<{ requests: number; accepted: number; open: number }[]>`
    SELECT
      (SELECT count(*)::int FROM "Membership" WHERE "accountId" = ${member.accountId} AND status = 'REQUESTED') AS requests,
      (SELECT count(*)::int FROM "Membership" WHERE "accountId" = ${member.accountId} AND status = 'INVITED'
         AND "acceptedAt" IS NOT NULL) AS accepted,
      (SELECT count(*)::int FROM "Invitation" WHERE "accountId" = ${member.accountId} AND status = 'PENDING'
         AND "expiresAt" > now()) AS open`;
  return { joinRequests: row.requests, invitations: row.open + row.accepted };
}
