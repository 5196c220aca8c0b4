import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { loadTarget } from "../members/target";
import { assertCan, assertOutranksOrSuper } from "../permissions";
import { inMemberTransaction } from "../tx";

const idsSchema = z.array(idSchema).max(1000);

const sameIds = (a: number[], b: number[]) =>
  a.length === b.length && [...a].sort((x, y) => x - y).join() === [...b].sort((x, y) => x - y).join();

/** Places a member in exactly these groups of the account (member detail page). */
export async function setMemberGroups(actor: Actor, rawUserId: unknown, rawGroupIds: unknown) {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const userId = parseInput(idSchema, rawUserId);
  const groupIds = [...new Set(parseInput(idsSchema, rawGroupIds))];
  return inMemberTransaction(member, async (tx) => {
    const target = await loadTarget(tx, member, userId);
    assertOutranksOrSuper(member.role, target.role);
    if (groupIds.length && target.role === "GUEST")
      throw new DomainError("guest_restricted", "Guests cannot be added to groups");
    const found = await tx.group.findMany({
      where: { accountId: member.accountId, id: { in: groupIds } },
      select: { id: true, name: true },
    });
    if (found.length !== groupIds.length) throw new DomainError("not_found", "A group was not found");
    const before = await tx.groupMember.findMany({ where: { membershipId: target.id }, select: { groupId: true } });
    const inNow = before.map((g) => g.groupId);
    // Already in exactly these groups: nothing to write, no event.
    if (sameIds(inNow, groupIds)) return found.map((g) => g.name).sort();
    await tx.groupMember.deleteMany({ where: { membershipId: target.id } });
    await tx.groupMember.createMany({ data: groupIds.map((groupId) => ({ groupId, membershipId: target.id })) });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "member.set_groups",
      targetType: "membership",
      targetId: userId,
      before: { groups: before.map((g) => g.groupId).sort() },
      after: { groups: [...groupIds].sort() },
    });
    return found.map((g) => g.name).sort();
  });
}

/** Assigns exactly these policies directly to a member. */
export async function setMemberPolicies(actor: Actor, rawUserId: unknown, rawPolicyIds: unknown) {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const userId = parseInput(idSchema, rawUserId);
  const policyIds = [...new Set(parseInput(idsSchema, rawPolicyIds))];
  return inMemberTransaction(member, async (tx) => {
    const target = await loadTarget(tx, member, userId);
    assertOutranksOrSuper(member.role, target.role);
    if (policyIds.length && target.role === "GUEST")
      throw new DomainError("guest_restricted", "Guests cannot be assigned policies");
    const found = await tx.policy.findMany({
      where: { accountId: member.accountId, id: { in: policyIds } },
      select: { id: true, name: true },
    });
    if (found.length !== policyIds.length) throw new DomainError("not_found", "A policy was not found");
    const before = await tx.policyMember.findMany({ where: { membershipId: target.id }, select: { policyId: true } });
    const heldNow = before.map((p) => p.policyId);
    if (sameIds(heldNow, policyIds)) return found.map((p) => p.name).sort();
    await tx.policyMember.deleteMany({ where: { membershipId: target.id } });
    await tx.policyMember.createMany({ data: policyIds.map((policyId) => ({ policyId, membershipId: target.id })) });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "member.set_policies",
      targetType: "membership",
      targetId: userId,
      before: { policies: before.map((p) => p.policyId).sort() },
      after: { policies: [...policyIds].sort() },
    });
    return found.map((p) => p.name).sort();
  });
}
