import "server-only";
import type { Filter } from "scim2-parse-filter";
import { Prisma } from "../../generated/prisma/client";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { type Complex, compileFilter, type Fields } from "../filters/filter-sql";
import { assertCan } from "../permissions";
import { orderTerms, USER_OF_MEMBERSHIP, withTieBreak } from "./list-query";
import { membersByIds } from "./member-rows";
import type { MemberView } from "./view";

/** Member fields a filter can read (the SCIM dialect renames its attributes to these). */
const MEMBER_FIELDS = {
  id: { sql: Prisma.sql`m."userId"`, kind: "id" },
  userName: {
    // The username, else (a member without one) the email it shows as: both index lookups.
    sql: Prisma.sql`COALESCE(m."usernameKey", m."sortEmail")`,
    kind: "lower",
    // lower() in SQL, as the stored keys were computed.
    eq: (v: string) =>
      Prisma.sql`(m."usernameKey" = lower(${v}) OR (m."usernameKey" IS NULL AND m."sortEmail" = lower(${v})))`,
  },
  email: { sql: Prisma.sql`m."sortEmail"`, kind: "lower" },
  externalId: { sql: Prisma.sql`m."externalId"`, kind: "exact" },
  firstName: { sql: Prisma.sql`m."firstName"`, kind: "text" },
  lastName: { sql: Prisma.sql`m."lastName"`, kind: "text" },
  middleName: { sql: Prisma.sql`m."middleName"`, kind: "text" },
  fullName: { sql: Prisma.sql`concat_ws(' ', m."firstName", m."middleName", m."lastName")`, kind: "text" },
  displayName: { sql: Prisma.sql`m."displayName"`, kind: "text" },
  title: { sql: Prisma.sql`m."title"`, kind: "text" },
  active: { sql: Prisma.sql`(m.status = 'ACTIVE')`, kind: "boolean" },
  createdAt: { sql: Prisma.sql`m."createdAt"`, kind: "date" },
  updatedAt: { sql: Prisma.sql`m."updatedAt"`, kind: "date" },
  "attributes.enterprise.employeeNumber": {
    sql: Prisma.sql`(m.attributes->>'enterprise.employeeNumber')`,
    kind: "exact",
  },
  "attributes.enterprise.department": { sql: Prisma.sql`(m.attributes->>'enterprise.department')`, kind: "text" },
  "attributes.enterprise.manager": { sql: Prisma.sql`(m.attributes->>'enterprise.manager')`, kind: "exact" },
} satisfies Fields;
export type MemberField = keyof typeof MEMBER_FIELDS;

/** The member's other emails (SCIM keeps them as the custom attribute scim.emails), one row each. */
const OTHER_EMAILS = Prisma.sql`jsonb_array_elements(CASE WHEN jsonb_typeof(m.attributes->'scim.emails') = 'array'
  THEN m.attributes->'scim.emails' ELSE '[]'::jsonb END)`;

/**
 * A member's emails as a multi-valued field: the login one (value, of type
 * work, primary; its index serves an equality) and every other one listed.
 */
const MEMBER_COMPLEX = {
  emails: {
    fields: {
      value: { sql: Prisma.sql`m."sortEmail"`, kind: "lower" },
      type: { sql: Prisma.sql`'work'`, kind: "lower" },
      primary: { sql: Prisma.sql`true`, kind: "boolean" },
    },
    some: (inner: Prisma.Sql) => inner,
    also: {
      fields: {
        value: { sql: Prisma.sql`lower(e->>'value')`, kind: "lower" },
        type: { sql: Prisma.sql`lower(coalesce(e->>'type', 'other'))`, kind: "lower" },
        primary: { sql: Prisma.sql`false`, kind: "boolean" },
      },
      some: (inner: Prisma.Sql) => Prisma.sql`EXISTS (SELECT 1 FROM ${OTHER_EMAILS} e WHERE ${inner})`,
    },
  },
} satisfies Complex;
export type MemberComplexField = keyof typeof MEMBER_COMPLEX;
export type MemberEmailField = keyof (typeof MEMBER_COMPLEX)["emails"]["fields"];

function byKey(column: string) {
  const c = Prisma.raw(`m."${column}"`);
  return { asc: Prisma.sql`${c} ASC`, desc: Prisma.sql`roster_desc_key(${c}) DESC` };
}
/** The member list's own name order: folded keys, the other name breaking ties. */
function byName(field: "lastName" | "firstName") {
  const order = (desc: boolean) => orderTerms(withTieBreak([{ field, desc }]));
  return { asc: order(false), desc: order(true) };
}
const nullable = (c: Prisma.Sql) => ({ asc: Prisma.sql`${c} ASC NULLS LAST`, desc: Prisma.sql`${c} DESC NULLS LAST` });
const plain = (c: Prisma.Sql) => ({ asc: Prisma.sql`${c} ASC`, desc: Prisma.sql`${c} DESC` });

/** Orders a selection can take: blanks last in both directions, names through their own index. */
const MEMBER_SORTS = {
  id: plain(Prisma.sql`m."userId"`),
  userName: {
    asc: Prisma.sql`COALESCE(m."usernameKey", m."sortEmail") ASC`,
    desc: Prisma.sql`roster_desc_key(COALESCE(m."usernameKey", m."sortEmail")) DESC`,
  },
  email: byKey("sortEmail"),
  lastName: byName("lastName"),
  firstName: byName("firstName"),
  displayName: nullable(Prisma.sql`m."displayName"`),
  title: nullable(Prisma.sql`m."title"`),
  createdAt: plain(Prisma.sql`m."createdAt"`),
  updatedAt: plain(Prisma.sql`m."updatedAt"`),
};
export type MemberSort = keyof typeof MEMBER_SORTS;

/**
 * A page of the account's members matching a filter (RFC 7644 grammar over
 * MEMBER_FIELDS), in an order. The domain adds the account scope and the
 * permission check: an adapter cannot widen what a caller sees.
 */
export interface MemberSelection {
  filter: Filter | null;
  /** Ties break by user id in the same direction. */
  sort: MemberSort;
  descending: boolean;
  offset: number;
  limit: number;
}

export async function selectMembers(actor: Actor, s: MemberSelection): Promise<{ rows: MemberView[]; total: number }> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  const filter = s.filter ? compileFilter(s.filter, MEMBER_FIELDS, MEMBER_COMPLEX) : Prisma.sql`true`;
  const where = Prisma.sql`m."accountId" = ${member.accountId} AND (${filter})`;
  const orderBy = s.descending ? MEMBER_SORTS[s.sort].desc : MEMBER_SORTS[s.sort].asc;
  const dir = Prisma.raw(s.descending ? "DESC" : "ASC");
  const from = Prisma.sql`"Membership" m ${USER_OF_MEMBERSHIP}`;
  // The page and the total in one statement (a lookup by userName is one index probe);
  // only a page past the end, or a count of 0 (SCIM's "how many?"), needs the count on its own.
  const ids = await db.$queryRaw<{ id: number; n: number }[]>`
    SELECT m.id, count(*) OVER ()::int AS n FROM ${from} WHERE ${where}
    ORDER BY ${orderBy}, m."userId" ${dir} LIMIT ${s.limit} OFFSET ${s.offset}`;
  const total =
    ids[0]?.n ??
    (s.offset > 0 || s.limit === 0
      ? (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`)[0].n
      : 0);
  const rows = await membersByIds(
    db,
    member.accountId,
    ids.map((r) => r.id),
  );
  return { rows, total };
}
