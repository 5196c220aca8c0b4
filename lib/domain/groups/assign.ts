import "server-only";
import { DomainError } from "../../platform/errors";
import type { Tx } from "../tx";

/** Membership ids for user ids of this account; unknown users are "not found", GUESTs cannot be placed. */
export async function membershipIdsFor(
  tx: Tx,
  accountId: number,
  userIds: number[],
  field = "members",
): Promise<number[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const rows = await tx.membership.findMany({
    where: { accountId, userId: { in: unique } },
    select: { id: true, userId: true, role: true },
  });
  // Sets, not nested scans: 10,000 ids stay linear.
  const found = new Set(rows.map((r) => r.userId));
  const missing = unique.filter((u) => !found.has(u));
  if (missing.length) {
    throw new DomainError("not_found", `User ${missing[0]} is not a member of this account`, [
      { field, message: `user ${missing[0]} not found` },
    ]);
  }
  const guest = rows.find((r) => r.role === "GUEST");
  if (guest) {
    throw new DomainError(
      "guest_restricted",
      `User ${guest.userId} is a GUEST; guests cannot be added to groups or policies`,
      [{ field, message: `user ${guest.userId} is a GUEST` }],
    );
  }
  return rows.map((r) => r.id);
}

export async function groupIdsFor(tx: Tx, accountId: number, groupIds: number[]): Promise<number[]> {
  const unique = [...new Set(groupIds)];
  if (unique.length === 0) return [];
  const rows = await tx.group.findMany({ where: { accountId, id: { in: unique } }, select: { id: true } });
  const found = new Set(rows.map((r) => r.id));
  const missing = unique.filter((g) => !found.has(g));
  if (missing.length)
    throw new DomainError("not_found", `Group ${missing[0]} not found`, [
      { field: "groups", message: `group ${missing[0]} not found` },
    ]);
  return unique;
}
