import "server-only";
import { Prisma } from "../../generated/prisma/client";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
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

/**
 * A page of the account's groups matching a condition an adapter compiled
 * over the group `g` (SCIM filters); the domain adds the account scope and the
 * permission check.
 */
export interface GroupSelection {
  where: Prisma.Sql;
  /** With its direction. */
  orderBy: Prisma.Sql;
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
  const where = Prisma.sql`g."accountId" = ${member.accountId} AND (${s.where})`;
  const dir = Prisma.raw(s.descending ? "DESC" : "ASC");
  const [ids, [{ n }]] = await Promise.all([
    db.$queryRaw<{ id: number }[]>`
      SELECT g.id FROM "Group" g WHERE ${where} ORDER BY ${s.orderBy}, g.id ${dir}
      LIMIT ${s.limit} OFFSET ${s.offset}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Group" g WHERE ${where}`,
  ]);
  const rows = await Promise.all(ids.map((r) => getProvisionedGroup(actor, r.id)));
  return { rows, total: n };
}
