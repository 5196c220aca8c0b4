import type { Role } from "../generated/prisma/enums";
import { DomainError } from "../platform/errors";

/** Lowest to highest; a role's rank is its index. */
export const ROLES = ["GUEST", "REGULAR", "DEVELOPER", "ADMIN", "SUPER"] as const satisfies readonly Role[];

export const rank = (role: Role) => ROLES.indexOf(role);

/** A role as people read it. */
export const ROLE_NAMES: Record<Role, string> = {
  GUEST: "Guest",
  REGULAR: "Regular",
  DEVELOPER: "Developer",
  ADMIN: "Admin",
  SUPER: "Super admin",
};

const ALL: readonly Role[] = ROLES;
const MEMBERS: readonly Role[] = ["REGULAR", "DEVELOPER", "ADMIN", "SUPER"];
const ADMINS: readonly Role[] = ["ADMIN", "SUPER"];
const SUPERS: readonly Role[] = ["SUPER"];

/** SPEC §2: which roles may take each action. */
export const PERMISSIONS = {
  "self.read": ALL,
  "self.update": ALL,
  "self.refresh_key": ALL,
  "account.read": MEMBERS,
  "members.list": MEMBERS,
  "members.read_keys": ADMINS,
  "members.manage": ADMINS,
  "members.grant_admin": ADMINS,
  "members.grant_super": SUPERS,
  "account.update": ADMINS,
  "account.token_balance": SUPERS,
  /** Auto-activation lets whoever holds an invitation link in at once: only a SUPER turns it on or off. */
  "account.auto_activate": SUPERS,
  "scim.manage": ADMINS,
  /** The account's 2-step policy: an ADMIN tightens it, only a SUPER loosens it. */
  "account.security": ADMINS,
  "account.security_loosen": SUPERS,
  /** Claiming and verifying the account's email domains. */
  "account.domains": ADMINS,
  /** Single sign-on: the account's identity-provider connections. */
  "account.sso": ADMINS,
  /** The account's event stream (its audit trail for a SIEM, its webhooks). */
  "account.events": ADMINS,
  /** Where the account's events are posted. */
  "account.webhooks": ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function assertCan(role: Role, action: Action): void {
  if (!can(role, action)) {
    throw Object.assign(new DomainError("forbidden", `Your role (${role}) may not do this (${action})`), { action });
  }
}

// Named invariants (SPEC §2), checked by the domain functions that need them.

/** ADMINs manage members below SUPER; only a SUPER acts on a SUPER. */
export const outranksOrSuper = (actorRole: Role, targetRole: Role) => targetRole !== "SUPER" || actorRole === "SUPER";

export function assertOutranksOrSuper(actorRole: Role, targetRole: Role): void {
  if (!outranksOrSuper(actorRole, targetRole)) {
    throw new DomainError("forbidden", "Only a SUPER may act on a SUPER member");
  }
}

/** Granting or taking away a role needs the permission for the higher of the two. */
export function roleGrantAction(from: Role | null, to: Role): Action {
  const touched = from === null ? to : ROLES[Math.max(rank(from), rank(to))];
  if (touched === "SUPER") return "members.grant_super";
  if (touched === "ADMIN") return "members.grant_admin";
  return "members.manage";
}

export function assertMayAssignRole(actorRole: Role, from: Role | null, to: Role): void {
  assertCan(actorRole, roleGrantAction(from, to));
}

export function assertNotSelf(actorUserId: number | null, targetUserId: number, verb: string): void {
  if (actorUserId === targetUserId) {
    throw new DomainError("cannot_target_self", `You cannot ${verb} yourself`);
  }
}
