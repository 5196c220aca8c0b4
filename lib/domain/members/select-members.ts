import "server-only";
import { Prisma } from "../../generated/prisma/client";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { assertCan } from "../permissions";
import { USER_OF_MEMBERSHIP } from "./list-query";
import { membersByIds } from "./member-rows";
import type { MemberView } from "./view";

/**
 * A condition an adapter compiled from its own query language (SCIM filters)
 * over the membership `m` and its person `u`, with its order and page. The
 * domain adds the account scope and the permission check: an adapter cannot
 * widen what a caller sees.
 */
export interface MemberSelection {
  where: Prisma.Sql;
  /** With its direction; ties break by user id in the same direction. */
  orderBy: Prisma.Sql;
  descending: boolean;
  offset: number;
  limit: number;
}

export async function selectMembers(actor: Actor, s: MemberSelection): Promise<{ rows: MemberView[]; total: number }> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  const where = Prisma.sql`m."accountId" = ${member.accountId} AND (${s.where})`;
  const dir = Prisma.raw(s.descending ? "DESC" : "ASC");
  const from = Prisma.sql`"Membership" m ${USER_OF_MEMBERSHIP}`;
  // The page and the total in one statement (a lookup by userName is one index probe);
  // only a page past the end needs the count on its own.
  const ids = await db.$queryRaw<{ id: number; n: number }[]>`
    SELECT m.id, count(*) OVER ()::int AS n FROM ${from} WHERE ${where}
    ORDER BY ${s.orderBy}, m."userId" ${dir} LIMIT ${s.limit} OFFSET ${s.offset}`;
  const total =
    ids[0]?.n ??
    (s.offset > 0
      ? (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`)[0].n
      : 0);
  const rows = await membersByIds(
    db,
    member.accountId,
    ids.map((r) => r.id),
  );
  return { rows, total };
}
