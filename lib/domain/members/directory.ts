import "server-only";
import { Prisma } from "../../generated/prisma/client";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { assertCan, assertOutranksOrSuper } from "../permissions";

export type UserTag = "GUEST" | "USER" | undefined;

export interface DirectoryRow {
  userId: number;
  uid: string;
  email: string | null;
  emailStatus: "UNCONFIRMED" | "CONFIRMED";
  confirmedAt: Date | null;
  status: string;
  activeDate: Date | null;
  createdAt: Date;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  groups: string[];
  deviceAdded: Date | null;
}

/** Rows read per statement while an answer streams. */
export const DIRECTORY_BATCH = 250;

/**
 * The account's members with their group names and latest smartcard (seed
 * 001's multipleusers shapes them; REGULAR and above may ask), read a batch at
 * a time by user id, so an answer can stream with memory that does not grow
 * with the account. `page`/`limit` pick one slice instead of all.
 */
export async function* directoryBatches(
  actor: Actor,
  tag: UserTag,
  paging: { page?: number; limit?: number } = {},
): AsyncGenerator<DirectoryRow[]> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  const role =
    tag === "GUEST"
      ? Prisma.sql`AND m.role = 'GUEST'`
      : tag === "USER"
        ? Prisma.sql`AND m.role <> 'GUEST'`
        : Prisma.empty;
  let left = paging.limit ?? Number.POSITIVE_INFINITY;
  let offset = paging.limit ? ((paging.page ?? 1) - 1) * paging.limit : 0;
  let after = 0;
  while (left > 0) {
    const take = Math.min(DIRECTORY_BATCH, left);
    const rows = await db.$queryRaw<DirectoryRow[]>`
      SELECT m."userId", u.uid, u.email, u."emailStatus"::text AS "emailStatus", u."confirmedAt",
             m.status::text AS status, m."activeDate", m."createdAt", m."firstName", m."lastName", m.username,
             COALESCE((SELECT json_agg(g.name ORDER BY g.name) FROM "GroupMember" gm
                       JOIN "Group" g ON g.id = gm."groupId" WHERE gm."membershipId" = m.id), '[]'::json) AS groups,
             (SELECT max(s."createdAt") FROM "Smartcard" s WHERE s."membershipId" = m.id) AS "deviceAdded"
      FROM "Membership" m JOIN "User" u ON u.id = m."userId"
      WHERE m."accountId" = ${member.accountId} ${role} AND m."userId" > ${after}
      ORDER BY m."userId" LIMIT ${take} OFFSET ${offset}`;
    offset = 0;
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].userId;
    left -= rows.length;
    if (rows.length < take) return;
  }
}

/** Seed 001's GET user: policies (direct and through groups), computer usernames, smartcards. */
export async function getMemberDevices(actor: Actor, rawUserId: unknown) {
  const member = requireMember(actor);
  const userId = parseInput(idSchema, rawUserId);
  const self = userId === member.userId;
  if (!self) assertCan(member.role, "members.manage");
  const db = await getDb();
  const m = await db.membership.findUnique({
    where: { userId_accountId: { userId, accountId: member.accountId } },
    include: {
      policies: { include: { policy: { select: { name: true } } } },
      groups: { include: { group: { include: { policies: { include: { policy: { select: { name: true } } } } } } } },
      computerUsernames: { orderBy: { id: "asc" } },
      smartcards: { orderBy: { id: "asc" } },
    },
  });
  if (!m) throw new DomainError("not_found", `User ${userId} is not a member of this account`);
  if (!self) assertOutranksOrSuper(member.role, m.role);
  const policies = new Set([
    ...m.policies.map((p) => p.policy.name),
    ...m.groups.flatMap((g) => g.group.policies.map((p) => p.policy.name)),
  ]);
  return {
    userId,
    policies: [...policies].sort(),
    computerUsernames: m.computerUsernames.map((c) => c.username),
    smartcards: m.smartcards.map((c) => ({ label: c.label, number: c.number })),
  };
}
