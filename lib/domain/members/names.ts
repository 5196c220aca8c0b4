import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";

/** Display names for user ids of the actor's account (group and policy members, the audit log). */
export async function memberNames(actor: Actor, userIds: number[]): Promise<Map<number, string>> {
  const member = requireMember(actor);
  if (userIds.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.membership.findMany({
    where: { accountId: member.accountId, userId: { in: [...new Set(userIds)] } },
    select: { userId: true, firstName: true, lastName: true, displayName: true, user: { select: { email: true } } },
  });
  const nameOf = (r: (typeof rows)[number]) =>
    [r.firstName, r.lastName].filter((x) => x?.trim()).join(" ") || r.displayName || r.user.email || `#${r.userId}`;
  return new Map(rows.map((r) => [r.userId, nameOf(r)]));
}
