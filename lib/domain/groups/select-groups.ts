import "server-only";
import type { Filter } from "scim2-parse-filter";
import { Prisma } from "../../generated/prisma/client";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { parseId } from "../../platform/validation";
import { type Complex, compileFilter, type Fields } from "../filters/filter-sql";
import { assertCan } from "../permissions";
import { type GroupView, getGroup } from "./groups";

/** A group with the identity provider's id for it (SCIM externalId). */
export interface ProvisionedGroup extends GroupView {
  externalId: string | null;
}

export async function getProvisionedGroup(actor: Actor, groupId: number): Promise<ProvisionedGroup> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  const row = await db.group.findFirst({
    where: { id: groupId, accountId: member.accountId },
    select: { externalId: true },
  });
  if (!row) throw new DomainError("not_found", `Group ${groupId} not found`);
  return { ...(await getGroup(actor, groupId)), externalId: row.externalId };
}

const groupMembers = (condition: Prisma.Sql) =>
  Prisma.sql`EXISTS (SELECT 1 FROM "GroupMember" gm JOIN "Membership" m ON m.id = gm."membershipId"
    WHERE gm."groupId" = g.id AND ${condition})`;

/** Group fields a filter can read (the SCIM dialect renames its attributes to these). */
const GROUP_FIELDS = {
  id: { sql: Prisma.sql`g.id`, kind: "id" },
  name: { sql: Prisma.sql`g.name`, kind: "text" },
  externalId: { sql: Prisma.sql`g."externalId"`, kind: "exact" },
  createdAt: { sql: Prisma.sql`g."createdAt"`, kind: "date" },
  updatedAt: { sql: Prisma.sql`g."updatedAt"`, kind: "date" },
  memberId: {
    sql: Prisma.sql`(SELECT min(m."userId")::text FROM "GroupMember" gm JOIN "Membership" m ON m.id = gm."membershipId" WHERE gm."groupId" = g.id)`,
    kind: "exact",
    // "Has this member", wherever the comparison stands (inside and/or too).
    eq: (value: string) => {
      const id = parseId(value);
      return id === null ? Prisma.sql`false` : groupMembers(Prisma.sql`m."userId" = ${id}`);
    },
  },
} satisfies Fields;
export type GroupField = keyof typeof GROUP_FIELDS;

/** members[…]: some member of the group satisfies the inner filter over its user id. */
const GROUP_COMPLEX = {
  members: { fields: { value: { sql: Prisma.sql`m."userId"`, kind: "id" } }, some: groupMembers },
} satisfies Complex;
export type GroupComplexField = keyof typeof GROUP_COMPLEX;
export type GroupMemberField = keyof (typeof GROUP_COMPLEX)["members"]["fields"];

const GROUP_SORTS = { id: Prisma.sql`g.id`, name: Prisma.sql`g.name` };
export type GroupSort = keyof typeof GROUP_SORTS;

/**
 * A page of the account's groups matching a filter (RFC 7644 grammar over
 * GROUP_FIELDS); the domain adds the account scope and the permission check.
 */
export interface GroupSelection {
  filter: Filter | null;
  sort: GroupSort;
  descending: boolean;
  offset: number;
  limit: number;
}

export async function selectGroups(
  actor: Actor,
  s: GroupSelection,
): Promise<{ rows: ProvisionedGroup[]; total: number }> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  const filter = s.filter ? compileFilter(s.filter, GROUP_FIELDS, GROUP_COMPLEX) : Prisma.sql`true`;
  const where = Prisma.sql`g."accountId" = ${member.accountId} AND (${filter})`;
  const dir = Prisma.raw(s.descending ? "DESC" : "ASC");
  const [ids, [{ n }]] = await Promise.all([
    db.$queryRaw<{ id: number }[]>`
      SELECT g.id FROM "Group" g WHERE ${where} ORDER BY ${GROUP_SORTS[s.sort]} ${dir}, g.id ${dir}
      LIMIT ${s.limit} OFFSET ${s.offset}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Group" g WHERE ${where}`,
  ]);
  const rows = await Promise.all(ids.map((r) => getProvisionedGroup(actor, r.id)));
  return { rows, total: n };
}
