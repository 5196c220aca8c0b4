import "server-only";
import type { Actor } from "../actor";
import { getDb } from "../db/client";
import { requireMember } from "./target";

/** Display names for user ids of the actor's account (for lists of group and policy members). */
export async function memberNames(actor: Actor, userIds: number[]): Promise<Map<number, string>> {
  const member = requireMember(actor);
  if (userIds.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.membership.findMany({
    where: { accountId: member.accountId, userId: { in: [...new Set(userIds)] } },
    select: { userId: true, firstName: true, lastName: true, user: { select: { email: true } } },
  });
  return new Map(
    rows.map((r) => [r.userId, [r.firstName, r.lastName].filter(Boolean).join(" ") || r.user.email || `#${r.userId}`]),
  );
}
