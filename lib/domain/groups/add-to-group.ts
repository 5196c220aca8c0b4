import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { loadTarget } from "../members/target";
import { assertCan } from "../permissions";
import { inMemberTransaction } from "../tx";

/** Adds one member to one group (no-op when already there). */
export async function addToGroup(actor: Actor, rawGroupId: unknown, rawUserId: unknown) {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const groupId = parseInput(idSchema, rawGroupId);
  const userId = parseInput(idSchema, rawUserId);
  await inMemberTransaction(member, async (tx) => {
    const group = await tx.group.findFirst({ where: { id: groupId, accountId: member.accountId } });
    if (!group) throw new DomainError("not_found", `Group ${groupId} not found`);
    const target = await loadTarget(tx, member, userId);
    if (target.role === "GUEST")
      throw new DomainError("guest_restricted", `${target.user.email ?? userId} is a GUEST; guests cannot join groups`);
    const exists = await tx.groupMember.findUnique({
      where: { groupId_membershipId: { groupId, membershipId: target.id } },
    });
    if (exists) return;
    await tx.groupMember.create({ data: { groupId, membershipId: target.id } });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "group.add_member",
      targetType: "group",
      targetId: groupId,
      after: { userId },
    });
  });
}
