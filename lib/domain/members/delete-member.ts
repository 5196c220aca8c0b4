import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { assertCan, assertNotSelf, assertOutranksOrSuper } from "../permissions";
import { inMemberTransaction } from "../tx";
import { assertKeepsActiveSuper, loadTarget } from "./target";
import { membershipSnapshot } from "./view";

/**
 * Delete from the account (001 DELETE /user, 003 DELETE): the membership goes,
 * so do its group places and the policies assigned to that member alone; the
 * global user stays.
 */
export async function deleteMember(
  actor: Actor,
  rawUserId: unknown,
  options: { expectedVersion?: number } = {},
): Promise<{ userId: number; email: string | null; username: string | null }> {
  const member = requireMember(actor);
  const userId = parseInput(idSchema, rawUserId);
  assertCan(member.role, "members.manage");
  return inMemberTransaction(member, async (tx) => {
    const target = await loadTarget(tx, member, userId);
    if (options.expectedVersion !== undefined && options.expectedVersion !== target.version) {
      throw new DomainError("precondition_failed", "The record changed since you read it (If-Match does not match)");
    }
    assertOutranksOrSuper(member.role, target.role);
    assertNotSelf(member.userId, target.userId, "delete");
    await assertKeepsActiveSuper(tx, target, null);
    const soleAssignments = await tx.policy.findMany({
      where: {
        accountId: member.accountId,
        members: { some: { membershipId: target.id }, every: { membershipId: target.id } },
        groups: { none: {} },
      },
      select: { id: true, name: true },
    });
    await tx.policy.deleteMany({ where: { id: { in: soleAssignments.map((p) => p.id) } } });
    await tx.membership.delete({ where: { id: target.id } });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "member.delete",
      targetType: "membership",
      targetId: target.userId,
      before: { ...membershipSnapshot(target), email: target.user.email },
      after: { deletedPolicies: soleAssignments.map((p) => p.name) },
    });
    return { userId: target.userId, email: target.user.email, username: target.username };
  });
}
