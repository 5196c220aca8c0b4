import type { Prisma } from "../../generated/prisma/client";
import type { MembershipStatus, Role } from "../../generated/prisma/enums";
import type { Actor } from "../../platform/auth/actor";
import { type MemberActor, requireMember } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { recordAudit } from "../audit/record";
import { ensureCredential, issueCredential, revokeCredentials } from "../credentials/issue";
import type { AuditAction } from "../events/catalogue";
import { assertCan, assertMayAssignRole, assertNotSelf, assertOutranksOrSuper } from "../permissions";
import { inMemberTransaction, type Tx } from "../tx";
import { assertKeepsActiveSuper, loadTarget, parseMemberRef } from "./target";
import { refusedOnSelf, type Transition } from "./transitions";
import { type MembershipWithUser, type MemberView, membershipSnapshot, memberView } from "./view";

/**
 * The one path every role or status change takes: a row of the transition
 * table checked against the member's current state, then permission,
 * invariants, lock, audit. The member is a user id or `{ uid }` (seed 002),
 * looked up after the permission check. `role`: the role asked for (setRole).
 */
export async function applyChange(
  actor: Actor,
  rawTarget: unknown,
  transition: Transition,
  role?: Role,
): Promise<MemberView> {
  const member = requireMember(actor);
  const ref = parseMemberRef(rawTarget);
  assertCan(member.role, "members.manage");
  return inMemberTransaction(member, async (tx) =>
    changeMember(tx, member, await loadTarget(tx, member, ref), transition, role),
  );
}

/**
 * A row applied by an admin (who holds `members.manage`) to a member loaded in
 * the caller's transaction: the row's outcome, then rank, the role grant, never
 * on oneself, the last ACTIVE SUPER; then the write and its audit row.
 */
export async function changeMember(
  tx: Tx,
  member: MemberActor,
  target: MembershipWithUser,
  transition: Transition,
  role?: Role,
): Promise<MemberView> {
  const outcome = transition.next(target, role);
  if ("refused" in outcome) refuse(outcome.as ?? transition.verb, target, outcome.refused);
  assertOutranksOrSuper(member.role, target.role);
  if ("already" in outcome) return memberView(target);
  const after = { role: outcome.to.role ?? target.role, status: outcome.to.status ?? target.status };
  if (transition.grantsRole) assertMayAssignRole(member.role, target.role, after.role);
  if (refusedOnSelf(transition, target, after))
    assertNotSelf(member.userId, target.userId, transition.notOnSelf === "demotion" ? "demote" : transition.verb);
  // A role set to the one it is: allowed, and nothing written (no event for no change).
  if (after.role === target.role && after.status === target.status) return memberView(target);
  await assertKeepsActiveSuper(tx, target, after);
  return saveChange(tx, member, target, after, transition.action);
}

/**
 * A row the person takes on their own membership (accepting an invitation):
 * the row's outcome is the only rule, as nobody else's rank is involved.
 */
export async function changeOwnMembership(
  tx: Tx,
  actor: Actor,
  target: MembershipWithUser,
  transition: Transition,
  extra: SaveExtra = {},
): Promise<MemberView> {
  const outcome = transition.next(target);
  if ("refused" in outcome) refuse(outcome.as ?? transition.verb, target, outcome.refused);
  if ("already" in outcome) return memberView(target);
  const after = { role: outcome.to.role ?? target.role, status: outcome.to.status ?? target.status };
  return saveChange(tx, actor, target, after, transition.action, extra);
}

/** What a change writes beside its row (the names an invited person gives), and a note for its audit row. */
export interface SaveExtra {
  data?: Prisma.MembershipUpdateInput;
  note?: Record<string, unknown>;
}

/** The write every row of the table ends in: the membership, its key, one audit row (and so its event). */
export async function saveChange(
  tx: Tx,
  actor: Actor,
  target: MembershipWithUser,
  after: { role: Role; status: MembershipStatus },
  action: AuditAction,
  extra: SaveExtra = {},
): Promise<MemberView> {
  const activating = after.status === "ACTIVE" && target.status !== "ACTIVE";
  const updated = await tx.membership.update({
    where: { id: target.id },
    data: {
      ...extra.data,
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
    after: { ...membershipSnapshot(updated), ...extra.note },
  });
  return memberView(updated);
}

export function refuse(verb: string, m: MembershipWithUser, why: string): never {
  throw new DomainError("invalid_transition", `Cannot ${verb} ${m.user.email}: ${why}`);
}
