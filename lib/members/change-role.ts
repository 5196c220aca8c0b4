import "server-only";
import { z } from "zod";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import type { Role } from "../generated/prisma/enums";
import { assertMayAssignRole, assertOutranksOrSuper, ROLES, rank } from "../permissions";
import { parseInput } from "../validation";
import { applyChange, refuse } from "./apply-change";
import type { MembershipWithUser } from "./view";

const authorizeRole = (actor: { role: Role }, m: MembershipWithUser, next: { role: Role }) => {
  assertOutranksOrSuper(actor.role, m.role);
  assertMayAssignRole(actor.role, m.role, next.role);
};

const requireActive = (verb: string, m: MembershipWithUser) => {
  if (m.status !== "ACTIVE") refuse(verb, m, `status is ${m.status}, not ACTIVE`);
};

/** promote (000): ACTIVE below ADMIN → ADMIN. */
export const promoteMember = (actor: Actor, userId: unknown) =>
  applyChange(actor, userId, {
    action: "member.promote",
    verb: "promote",
    authorize: authorizeRole,
    next: (m) => {
      requireActive("promote", m);
      if (rank(m.role) >= rank("ADMIN")) refuse("promote", m, `role is already ${m.role}`);
      return { role: "ADMIN" };
    },
  });

/** demote (000): ACTIVE ADMIN → REGULAR. */
export const demoteMember = (actor: Actor, userId: unknown) =>
  applyChange(actor, userId, {
    action: "member.demote",
    verb: "demote",
    notOnSelf: true,
    authorize: authorizeRole,
    next: (m) => {
      requireActive("demote", m);
      if (m.role !== "ADMIN") refuse("demote", m, `role is ${m.role}, not ADMIN`);
      return { role: "REGULAR" };
    },
  });

export const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });

/** modifyrank (001), updateUserAccountType (002): ACTIVE → the given role. */
export async function setMemberRole(actor: Actor, userId: unknown, role: unknown) {
  const newRole = parseInput(z.object({ role: roleSchema }), { role }).role;
  return applyChange(actor, userId, {
    action: "member.set_role",
    verb: "change the role of",
    authorize: (a, m, next) => {
      authorizeRole(a, m, next);
      if (a.userId === m.userId && rank(newRole) < rank(m.role)) {
        throw new DomainError("cannot_target_self", "You cannot demote yourself");
      }
    },
    next: (m) => {
      requireActive("change the role of", m);
      return { role: newRole };
    },
  });
}

/** promoteguest (001): GUEST → REGULAR. */
export const promoteGuest = (actor: Actor, userId: unknown) =>
  applyChange(actor, userId, {
    action: "member.promote_guest",
    verb: "promote",
    next: (m) => (m.role === "GUEST" ? { role: "REGULAR" } : refuse("promote", m, `role is ${m.role}, not GUEST`)),
  });
