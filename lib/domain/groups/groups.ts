import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { assertCan } from "../permissions";
import { inMemberTransaction, type Tx } from "../tx";
import { membershipIdsFor } from "./assign";
import { type GroupInput, groupInputSchema } from "./schemas";
import { assertNameFree, assertVersion } from "./shared-rules";

export interface GroupView {
  id: number;
  name: string;
  members: number[];
  createdAt: Date;
  updatedAt: Date;
}

const INCLUDE = { members: { include: { membership: { select: { userId: true } } } } } as const;

type GroupRow = {
  id: number;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  members: { membership: { userId: number } }[];
};

const toView = (g: GroupRow): GroupView => ({
  id: g.id,
  name: g.name,
  members: g.members.map((m) => m.membership.userId).sort((a, b) => a - b),
  createdAt: g.createdAt,
  updatedAt: g.updatedAt,
});

async function view(tx: Tx, groupId: number, accountId: number): Promise<GroupView> {
  const g = await tx.group.findFirst({ where: { id: groupId, accountId }, include: INCLUDE });
  if (!g) throw new DomainError("not_found", `Group ${groupId} not found`);
  return toView(g);
}

/** Lists the account's groups (REGULAR and above). */
export async function listGroups(actor: Actor, page = 1, limit = 100) {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  const where = { accountId: member.accountId };
  const [rows, total] = await Promise.all([
    db.group.findMany({ where, orderBy: { name: "asc" }, skip: (page - 1) * limit, take: limit, include: INCLUDE }),
    db.group.count({ where }),
  ]);
  return { total, rows: rows.map(toView) };
}

/** Every group's id and name (filters and pickers), without member lists. */
export async function listGroupNames(actor: Actor): Promise<{ id: number; name: string }[]> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  return db.group.findMany({
    where: { accountId: member.accountId },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
    take: 1_000,
  });
}

export async function getGroup(actor: Actor, rawId: unknown): Promise<GroupView> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const id = parseInput(idSchema, rawId);
  const db = await getDb();
  return view(db as unknown as Tx, id, member.accountId);
}

/** The identity provider's id for the group (SCIM externalId); null clears it. */
export interface GroupOptions {
  externalId?: string | null;
}

export async function createGroup(actor: Actor, raw: GroupInput, options: GroupOptions = {}): Promise<GroupView> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const input = parseInput(groupInputSchema.required({ name: true }), raw);
  return inMemberTransaction(member, async (tx) => {
    await assertNameFree(tx, "group", member.accountId, input.name);
    const ids = await membershipIdsFor(tx, member.accountId, input.members ?? []);
    const g = await tx.group.create({
      data: {
        accountId: member.accountId,
        name: input.name,
        externalId: options.externalId ?? null,
      },
    });
    // One statement for every member (a nested create writes them one by one).
    if (ids.length)
      await tx.groupMember.createMany({ data: ids.map((membershipId) => ({ groupId: g.id, membershipId })) });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "group.create",
      targetType: "group",
      targetId: g.id,
      after: {
        name: g.name,
        members: input.members ?? [],
        ...(options.externalId ? { externalId: options.externalId } : {}),
      },
    });
    return view(tx, g.id, member.accountId);
  });
}

type ParsedGroupInput = ReturnType<typeof groupInputSchema.parse>;

/** A group as a change function sees it, read under the account lock. */
export interface GroupState {
  name: string;
  members: number[];
  externalId: string | null;
}

/**
 * The new state from the current one, computed inside the transaction (SCIM
 * PATCH: members added and removed by parallel requests all survive).
 */
export type GroupChange = (current: GroupState) => GroupInput & { externalId?: string | null };

/** Renames and/or replaces the members (PATCH semantics: only what is sent changes). */
export async function updateGroup(
  actor: Actor,
  rawId: unknown,
  change: GroupInput | GroupChange,
  options: { expectedVersion?: number } & GroupOptions = {},
): Promise<GroupView> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const id = parseInput(idSchema, rawId);
  const given = typeof change === "function" ? undefined : parseInput(groupInputSchema, change);
  return inMemberTransaction(member, async (tx) => {
    const before = await view(tx, id, member.accountId);
    assertVersion(before, options.expectedVersion);
    let input = given as ParsedGroupInput;
    if (typeof change === "function") {
      const row = await tx.group.findUniqueOrThrow({ where: { id }, select: { externalId: true } });
      const { externalId, ...next } = change({
        name: before.name,
        members: before.members,
        externalId: row.externalId,
      });
      input = parseInput(groupInputSchema, next);
      if (externalId !== undefined) options = { ...options, externalId };
    }
    if (input.name !== undefined) {
      await assertNameFree(tx, "group", member.accountId, input.name, id);
      await tx.group.update({ where: { id }, data: { name: input.name } });
    }
    if (input.members !== undefined) {
      const ids = await membershipIdsFor(tx, member.accountId, input.members);
      await tx.groupMember.deleteMany({ where: { groupId: id } });
      await tx.groupMember.createMany({ data: ids.map((membershipId) => ({ groupId: id, membershipId })) });
      await tx.group.update({ where: { id }, data: { updatedAt: new Date() } });
    }
    let externalIds: { before?: string | null; after?: string | null } = {};
    if (options.externalId !== undefined) {
      const row = await tx.group.findUniqueOrThrow({ where: { id }, select: { externalId: true } });
      if (row.externalId !== options.externalId) {
        await tx.group.update({ where: { id }, data: { externalId: options.externalId } });
        externalIds = { before: row.externalId, after: options.externalId };
      }
    }
    const after = await view(tx, id, member.accountId);
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "group.update",
      targetType: "group",
      targetId: id,
      before: {
        name: before.name,
        members: before.members,
        ...("before" in externalIds ? { externalId: externalIds.before } : {}),
      },
      after: {
        name: after.name,
        members: after.members,
        ...("after" in externalIds ? { externalId: externalIds.after } : {}),
      },
    });
    return after;
  });
}

export async function deleteGroup(
  actor: Actor,
  rawId: unknown,
  options: { expectedVersion?: number } = {},
): Promise<void> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const id = parseInput(idSchema, rawId);
  await inMemberTransaction(member, async (tx) => {
    const before = await view(tx, id, member.accountId);
    assertVersion(before, options.expectedVersion);
    await tx.group.delete({ where: { id } });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "group.delete",
      targetType: "group",
      targetId: id,
      before: { name: before.name, members: before.members },
    });
  });
}
