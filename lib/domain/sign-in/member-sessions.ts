import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { loadTarget } from "../members/target";
import { assertCan, assertNotSelf, assertOutranksOrSuper } from "../permissions";
import { inMemberTransaction } from "../tx";

/**
 * "Require sign-in again" (SPEC §7): every session the member began before
 * now stops acting in this account; their sessions elsewhere are untouched,
 * and the login stays theirs. Their API key is a separate credential.
 */
export async function requireSignInAgain(actor: Actor, rawUserId: unknown): Promise<{ userId: number }> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const userId = parseInput(idSchema, rawUserId);
  assertNotSelf(member.userId, userId, "require a new sign-in of");
  return inMemberTransaction(member, async (tx) => {
    const target = await loadTarget(tx, member, userId);
    assertOutranksOrSuper(member.role, target.role);
    await tx.membership.update({ where: { id: target.id }, data: { sessionsNotBefore: new Date() } });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "member.sessions_ended",
      targetType: "membership",
      targetId: userId,
    });
    return { userId };
  });
}
