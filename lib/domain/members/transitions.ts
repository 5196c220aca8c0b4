import type { MembershipStatus, Role } from "../../generated/prisma/enums";
import type { AuditAction } from "../events/catalogue";
import { rank } from "../permissions";

// SPEC §3: every status and role change a member can go through, as data.
// The domain verbs (change-status.ts, change-role.ts) apply these rows; the
// console's available-actions reads the same rows to offer only what can
// succeed. Pure: no database, no permission check of the actor's own role
// (applyChange does that), so it can be read anywhere and tested alone.

export interface MemberState {
  role: Role;
  status: MembershipStatus;
}

/** What a row answers for a member's current state. */
export type Outcome =
  /** The new state. */
  | { to: Partial<MemberState> }
  /** Already so: nothing to write, no event. */
  | { already: true }
  /** Cannot apply to this state; `why` completes "Cannot <as> <member>: …". */
  | { refused: string; as?: string };

export interface Transition {
  /** The audit event's action. */
  action: AuditAction;
  /** For messages: "Cannot promote …", "You cannot demote yourself". */
  verb: string;
  /**
   * Refused on oneself (SPEC §2): always, or only when it lowers one's role
   * (setting one's own role higher or equal is allowed).
   */
  notOnSelf?: "always" | "demotion";
  /** Needs the permission for the higher of the old and new role (grant_admin, grant_super). */
  grantsRole?: boolean;
  next(from: MemberState, role?: Role): Outcome;
}

const onlyActive = (m: MemberState): Outcome | null =>
  m.status === "ACTIVE" ? null : { refused: `status is ${m.status}, not ACTIVE` };

const ROWS = {
  /** activate (000): any other status → ACTIVE. */
  activate: {
    action: "member.activate",
    verb: "activate",
    next: (m) => (m.status === "ACTIVE" ? { already: true } : { to: { status: "ACTIVE" } }),
  },
  /** remove (000), disableUser (002): any other status → DISABLED. */
  remove: {
    action: "member.remove",
    verb: "remove",
    notOnSelf: "always",
    next: (m) => (m.status === "DISABLED" ? { already: true } : { to: { status: "DISABLED" } }),
  },
  /** approve (000): REQUESTED → ACTIVE. */
  approve: {
    action: "member.approve",
    verb: "approve",
    next: (m) =>
      m.status === "REQUESTED" ? { to: { status: "ACTIVE" } } : { refused: `status is ${m.status}, not REQUESTED` },
  },
  /** deny (000): REQUESTED → DECLINED. */
  deny: {
    action: "member.deny",
    verb: "deny",
    next: (m) =>
      m.status === "REQUESTED" ? { to: { status: "DECLINED" } } : { refused: `status is ${m.status}, not REQUESTED` },
  },
  /** togglesuspension (001): ACTIVE ⇄ SUSPENDED. */
  toggleSuspension: {
    action: "member.toggle_suspension",
    verb: "suspend",
    notOnSelf: "always",
    next: (m) => {
      if (m.status === "ACTIVE") return { to: { status: "SUSPENDED" } };
      if (m.status === "SUSPENDED") return { to: { status: "ACTIVE" } };
      return {
        refused: `status is ${m.status}; only ACTIVE and SUSPENDED members toggle`,
        as: "suspend or unsuspend",
      };
    },
  },
  /** Bulk suspend: ACTIVE → SUSPENDED; an already SUSPENDED member stays as is. */
  suspend: {
    action: "member.toggle_suspension",
    verb: "suspend",
    notOnSelf: "always",
    next: (m) => {
      if (m.status === "SUSPENDED") return { already: true };
      if (m.status === "ACTIVE") return { to: { status: "SUSPENDED" } };
      return { refused: `status is ${m.status}; only ACTIVE members are suspended` };
    },
  },
  /**
   * An identity provider's `active: false` (SCIM, the records dialect): ACTIVE → SUSPENDED.
   * A provider suspends and lifts its own suspensions, nothing else: any other status stays.
   */
  deactivate: {
    action: "member.toggle_suspension",
    verb: "suspend",
    notOnSelf: "always",
    next: (m) => (m.status === "ACTIVE" ? { to: { status: "SUSPENDED" } } : { already: true }),
  },
  /**
   * `active: true`, which Entra and Okta send with every update: SUSPENDED → ACTIVE. It never
   * undoes a removal (DISABLED), a denial (DECLINED), approves a join request or activates an
   * invitation nobody accepted.
   */
  reactivate: {
    action: "member.activate",
    verb: "activate",
    next: (m) => (m.status === "SUSPENDED" ? { to: { status: "ACTIVE" } } : { already: true }),
  },
  /** The invited person accepts, in an account that activates on acceptance: INVITED → ACTIVE. */
  acceptInvitation: {
    action: "member.activate",
    verb: "accept the invitation of",
    next: (m) =>
      m.status === "INVITED" ? { to: { status: "ACTIVE" } } : { refused: `status is ${m.status}, not INVITED` },
  },
  /** promote (000): ACTIVE below ADMIN → ADMIN. */
  promote: {
    action: "member.promote",
    verb: "promote",
    grantsRole: true,
    next: (m) =>
      onlyActive(m) ??
      (rank(m.role) >= rank("ADMIN") ? { refused: `role is already ${m.role}` } : { to: { role: "ADMIN" } }),
  },
  /** demote (000): ACTIVE ADMIN → REGULAR. */
  demote: {
    action: "member.demote",
    verb: "demote",
    notOnSelf: "always",
    grantsRole: true,
    next: (m) =>
      onlyActive(m) ?? (m.role !== "ADMIN" ? { refused: `role is ${m.role}, not ADMIN` } : { to: { role: "REGULAR" } }),
  },
  /** modifyrank (001), updateUserAccountType (002): ACTIVE → the given role. */
  setRole: {
    action: "member.set_role",
    verb: "change the role of",
    notOnSelf: "demotion",
    grantsRole: true,
    next: (m, role) => onlyActive(m) ?? { to: { role: role ?? m.role } },
  },
  /** promoteguest (001): GUEST → REGULAR. */
  promoteGuest: {
    action: "member.promote_guest",
    verb: "promote",
    next: (m) => (m.role === "GUEST" ? { to: { role: "REGULAR" } } : { refused: `role is ${m.role}, not GUEST` }),
  },
} satisfies Record<string, Transition>;

export type TransitionName = keyof typeof ROWS;
export const TRANSITIONS: Record<TransitionName, Transition> = ROWS;

/** Whether a row refuses a change on oneself, for this move. */
export function refusedOnSelf(t: Transition, from: MemberState, to: MemberState): boolean {
  if (t.notOnSelf === "always") return true;
  return t.notOnSelf === "demotion" && rank(to.role) < rank(from.role);
}
