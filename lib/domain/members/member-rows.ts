import "server-only";
import { Prisma } from "../../generated/prisma/client";
import type { Db } from "../../platform/db/client";
import { USER_OF_MEMBERSHIP } from "./list-query";
import { STATUS_CODES } from "./status";
import { type MemberView, PROFILE_COLUMNS } from "./view";

// Members read in one statement (membership joined to its user), straight
// into the view every adapter uses: list pages are the hot path, and one
// round trip beats a query per table.

/** The person's columns a member row shows: the login email and its state. */
const PERSON_COLUMNS = ["uid", "email", "confirmedAt"];

/** The profile's columns read as text here; gender is an enum, cast to text below. */
const TEXT_PROFILE_COLUMNS = PROFILE_COLUMNS.filter((c) => c !== "gender");

const SELECT = Prisma.raw(
  [
    `m.id AS "membershipId"`,
    `m."accountId"`,
    `m.role::text AS role`,
    `m.status::text AS status`,
    `m.attributes`,
    `m."activeDate"`,
    `m."acceptedAt"`,
    `m."createdAt"`,
    `m."updatedAt"`,
    `m.version`,
    `m."externalId"`,
    `m.gender::text AS gender`,
    ...TEXT_PROFILE_COLUMNS.map((c) => `m."${c}"`),
    `u.id AS "userId"`,
    `u."emailStatus"::text AS "emailStatus"`,
    ...PERSON_COLUMNS.map((c) => `u."${c}"`),
  ].join(", "),
);

type Row = Omit<MemberView, "statusCode">;

const view = (row: Row): MemberView => ({
  ...row,
  statusCode: STATUS_CODES[row.status],
  attributes: row.attributes ?? {},
});

/** The members with these membership ids, in the order given (missing ones left out). */
export async function membersByIds(db: Db, accountId: number, ids: number[]): Promise<MemberView[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${SELECT} FROM "Membership" m JOIN "User" u ON u.id = m."userId"
    WHERE m."accountId" = ${accountId} AND m.id IN (${Prisma.join(ids)})`;
  const byId = new Map(rows.map((r) => [r.membershipId, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [view(row)] : [];
  });
}

/** One page of members in one statement: the WHERE and ORDER BY come from list-query. */
export async function memberPage(
  db: Db,
  where: Prisma.Sql,
  order: Prisma.Sql,
  limit: number,
  offset: number,
): Promise<MemberView[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${SELECT} FROM "Membership" m ${USER_OF_MEMBERSHIP}
    WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
  return rows.map(view);
}

/** One member of an account by user id, in one statement; null when not a member. */
export async function memberByUserId(db: Db, accountId: number, userId: number): Promise<MemberView | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${SELECT} FROM "Membership" m JOIN "User" u ON u.id = m."userId"
    WHERE m."accountId" = ${accountId} AND m."userId" = ${userId}`;
  return rows[0] ? view(rows[0]) : null;
}
