import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { groupIdsFor, membershipIdsFor } from "../groups/assign";
import { type PolicyInput, policyInputSchema } from "../groups/schemas";
import { assertNameFree, assertVersion } from "../groups/shared-rules";
import { assertCan } from "../permissions";
import { inMemberTransaction, type Tx } from "../tx";

export interface PolicyView {
  id: number;
  name: string;
  members: number[];
  groups: number[];
  createdAt: Date;
  updatedAt: Date;
}

const INCLUDE = {
  members: { include: { membership: { select: { userId: true } } } },
  groups: { select: { groupId: true } },
} as const;

type PolicyRow = {
  id: number;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  members: { membership: { userId: number } }[];
  groups: { groupId: number }[];
};

const toView = (p: PolicyRow): PolicyView => ({
  id: p.id,
  name: p.name,
  members: p.members.map((m) => m.membership.userId).sort((a, b) => a - b),
  groups: p.groups.map((g) => g.groupId).sort((a, b) => a - b),
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

async function view(tx: Tx, id: number, accountId: number): Promise<PolicyView> {
  const p = await tx.policy.findFirst({ where: { id, accountId }, include: INCLUDE });
  if (!p) throw new DomainError("not_found", `Policy ${id} not found`);
  return toView(p);
}

export async function listPolicies(actor: Actor, page = 1, limit = 100) {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  const where = { accountId: member.accountId };
  const [rows, total] = await Promise.all([
    db.policy.findMany({ where, orderBy: { name: "asc" }, skip: (page - 1) * limit, take: limit, include: INCLUDE }),
    db.policy.count({ where }),
  ]);
  return { total, rows: rows.map(toView) };
}

/** Every policy's id and name (pickers), without members. */
export async function listPolicyNames(actor: Actor): Promise<{ id: number; name: string }[]> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  return db.policy.findMany({
    where: { accountId: member.accountId },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
    take: 1_000,
  });
}

export async function getPolicy(actor: Actor, rawId: unknown): Promise<PolicyView> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  return view(db as unknown as Tx, parseInput(idSchema, rawId), member.accountId);
}

export async function createPolicy(actor: Actor, raw: PolicyInput): Promise<PolicyView> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const input = parseInput(policyInputSchema.required({ name: true }), raw);
  return inMemberTransaction(member, async (tx) => {
    await assertNameFree(tx, "policy", member.accountId, input.name);
    const memberIds = await membershipIdsFor(tx, member.accountId, input.members ?? []);
    const groupIds = await groupIdsFor(tx, member.accountId, input.groups ?? []);
    const p = await tx.policy.create({
      data: {
        accountId: member.accountId,
        name: input.name,
      },
    });
    // One statement each (a nested create writes rows one by one).
    if (memberIds.length)
      await tx.policyMember.createMany({ data: memberIds.map((membershipId) => ({ policyId: p.id, membershipId })) });
    if (groupIds.length)
      await tx.policyGroup.createMany({ data: groupIds.map((groupId) => ({ policyId: p.id, groupId })) });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "policy.create",
      targetType: "policy",
      targetId: p.id,
      after: { name: p.name, members: input.members ?? [], groups: groupIds },
    });
    return view(tx, p.id, member.accountId);
  });
}

/** Renames and/or replaces the assignments (only what is sent changes). */
export async function updatePolicy(
  actor: Actor,
  rawId: unknown,
  raw: PolicyInput,
  options: { expectedVersion?: number } = {},
): Promise<PolicyView> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const id = parseInput(idSchema, rawId);
  const input = parseInput(policyInputSchema, raw);
  return inMemberTransaction(member, async (tx) => {
    const before = await view(tx, id, member.accountId);
    assertVersion(before, options.expectedVersion);
    if (input.name !== undefined) {
      await assertNameFree(tx, "policy", member.accountId, input.name, id);
      await tx.policy.update({ where: { id }, data: { name: input.name } });
    }
    if (input.members !== undefined) {
      const ids = await membershipIdsFor(tx, member.accountId, input.members);
      await tx.policyMember.deleteMany({ where: { policyId: id } });
      await tx.policyMember.createMany({ data: ids.map((membershipId) => ({ policyId: id, membershipId })) });
    }
    if (input.groups !== undefined) {
      const ids = await groupIdsFor(tx, member.accountId, input.groups);
      await tx.policyGroup.deleteMany({ where: { policyId: id } });
      await tx.policyGroup.createMany({ data: ids.map((groupId) => ({ policyId: id, groupId })) });
    }
    if (input.members !== undefined || input.groups !== undefined)
      await tx.policy.update({ where: { id }, data: { updatedAt: new Date() } });
    const after = await view(tx, id, member.accountId);
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "policy.update",
      targetType: "policy",
      targetId: id,
      before: { name: before.name, members: before.members, groups: before.groups },
      after: { name: after.name, members: after.members, groups: after.groups },
    });
    return after;
  });
}

export async function deletePolicy(
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
    await tx.policy.delete({ where: { id } });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "policy.delete",
      targetType: "policy",
      targetId: id,
      before: { name: before.name },
    });
  });
}
