import type { Actor, MemberActor } from "../actor";
import { recordAudit } from "../audit/record";
import { ensureCredential, issueCredential, revokeCredentials } from "../credentials/issue";
import { DomainError } from "../errors";
import type { MembershipStatus, Role } from "../generated/prisma/enums";
import { assertCan, assertNotSelf, assertOutranksOrSuper } from "../permissions";
import { inMemberTransaction, type Tx } from "../tx";
import { idSchema, parseInput } from "../validation";
import { assertKeepsActiveSuper, loadTarget, requireMember } from "./target";
import { type MembershipWithUser, type MemberView, membershipSnapshot, memberView } from "./view";

export interface ChangeRule {
  /** Audit action name, e.g. "member.promote". */
  action: string;
  /** For messages: "promote", "suspend"… */
  verb: string;
  /** Refused on oneself (SPEC §2: demote, suspend, disable, remove, delete). */
  notOnSelf?: boolean;
  /** Checks the current state and answers the new one (null: already so, nothing to write), or throws invalid_transition. */
  next(m: MembershipWithUser): { role?: Role; status?: MembershipStatus } | null;
  /** Extra permission checks (role changes); default: members.manage below SUPER. */
  authorize?(actor: MemberActor, m: MembershipWithUser, next: { role: Role; status: MembershipStatus }): void;
}

/** The one path every role or status change takes: permission, invariants, lock, audit. */
export async function applyChange(actor: Actor, rawUserId: unknown, rule: ChangeRule): Promise<MemberView> {
  const member = requireMember(actor);
  const userId = parseInput(idSchema, rawUserId);
  assertCan(member.role, "members.manage");
  return inMemberTransaction(member, async (tx) => {
    const target = await loadTarget(tx, member, userId);
    const change = rule.next(target);
    if (change === null) {
      assertOutranksOrSuper(member.role, target.role);
      return memberView(target);
    }
    const after = { role: change.role ?? target.role, status: change.status ?? target.status };
    if (rule.authorize) rule.authorize(member, target, after);
    else assertOutranksOrSuper(member.role, target.role);
    if (rule.notOnSelf) assertNotSelf(member.userId, target.userId, rule.verb);
    await assertKeepsActiveSuper(tx, target, after);
    return saveChange(tx, member, target, after, rule.action);
  });
}

export async function saveChange(
  tx: Tx,
  actor: Actor,
  target: MembershipWithUser,
  after: { role: Role; status: MembershipStatus },
  action: string,
): Promise<MemberView> {
  const activating = after.status === "ACTIVE" && target.status !== "ACTIVE";
  const updated = await tx.membership.update({
    where: { id: target.id },
    data: {
      role: after.role,
      status: after.status,
      activeDate: activating && !target.activeDate ? new Date() : undefined,
      version: { increment: 1 },
    },
    include: { user: true },
  });
  // Removing, disabling or declining ends the key for good: activating again issues a new one.
  if (after.status === "DISABLED" || after.status === "DECLINED") await revokeCredentials(tx, updated.id);
  if (after.status === "ACTIVE") await ensureCredential(tx, updated.id);
  // An ADMIN may have seen this member's key; a SUPER's key is new, so no ADMIN holds it.
  if (after.role === "SUPER" && target.role !== "SUPER") await issueCredential(tx, updated.id);
  await recordAudit(tx, actor, {
    accountId: target.accountId,
    action,
    targetType: "membership",
    targetId: target.userId,
    before: membershipSnapshot(target),
    after: membershipSnapshot(updated),
  });
  return memberView(updated);
}

export function refuse(verb: string, m: MembershipWithUser, why: string): never {
  throw new DomainError("invalid_transition", `Cannot ${verb} ${m.user.email}: ${why}`);
}
