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
    select: { userId: true, user: { select: { firstName: true, lastName: true, email: true } } },
  });
  return new Map(
    rows.map((r) => [
      r.userId,
      [r.user.firstName, r.user.lastName].filter(Boolean).join(" ") || r.user.email || `#${r.userId}`,
    ]),
  );
}
