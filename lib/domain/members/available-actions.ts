import type { MembershipStatus, Role } from "../../generated/prisma/enums";
import { can, outranksOrSuper, ROLES, roleGrantAction } from "../permissions";
import { type MemberState, refusedOnSelf, TRANSITIONS, type Transition, type TransitionName } from "./transitions";

export type MemberVerb =
  | "activate"
  | "approve"
  | "deny"
  | "toggleSuspension"
  | "remove"
  | "promote"
  | "demote"
  | "promoteGuest"
  | "setRole"
  | "delete"
  | "refreshKey"
  | "revealKey"
  | "editProfile"
  | "editDevices";

/** The console's buttons that are rows of the transition table (a button and its row share a name). */
const TRANSITION_BUTTONS = [
  "activate",
  "approve",
  "deny",
  "toggleSuspension",
  "remove",
  "promote",
  "demote",
  "promoteGuest",
  "setRole",
] as const satisfies readonly (MemberVerb & TransitionName)[];

/**
 * What the console offers a viewer on a member: each status and role button
 * is offered when its row of the transition table (the one the domain verb
 * applies) would change this member, for this viewer. The domain refuses
 * anyway; this only hides what cannot succeed.
 */
export function availableActions(
  viewer: { userId: number; role: Role },
  target: { userId: number; role: Role; status: MembershipStatus },
): Set<MemberVerb> {
  const out = new Set<MemberVerb>();
  const self = viewer.userId === target.userId;
  if (self) {
    out.add("editProfile").add("refreshKey").add("revealKey");
  }
  if (!can(viewer.role, "members.manage")) return out;
  if (!outranksOrSuper(viewer.role, target.role)) return out;
  out.add("editDevices").add("revealKey");
  if (!self) out.add("refreshKey").add("editProfile").add("delete");
  for (const button of TRANSITION_BUTTONS) if (offers(TRANSITIONS[button], viewer, target, self)) out.add(button);
  // One button per change: a suspended member is unsuspended, a join request approved.
  if (target.status === "SUSPENDED" || target.status === "REQUESTED") out.delete("activate");
  // Offered on oneself too: the domain refuses, and the page shows why.
  if (self && offers(TRANSITIONS.demote, viewer, target, false)) out.add("demote");
  return out;
}

function offers(t: Transition, viewer: { role: Role }, target: MemberState, self: boolean): boolean {
  const outcome = t.next(target);
  if (!("to" in outcome)) return false;
  const after = { ...target, ...outcome.to };
  // setRole: the role is picked afterwards, among assignableRoles.
  if (t !== TRANSITIONS.setRole && after.role === target.role && after.status === target.status) return false;
  if (t.grantsRole && after.role !== target.role && !can(viewer.role, roleGrantAction(target.role, after.role)))
    return false;
  return !(self && refusedOnSelf(t, target, after));
}

/** Roles a viewer may hand out. */
export function assignableRoles(viewerRole: Role): Role[] {
  return ROLES.filter((r) => can(viewerRole, roleGrantAction(null, r)));
}
