import "server-only";
import type { Actor } from "../actor";
import { applyChange, refuse } from "./apply-change";

// SPEC §3 status rows. Each takes the user id of the target member.

/** activate (000): any status → ACTIVE. */
export const activateMember = (actor: Actor, userId: unknown) =>
  applyChange(actor, userId, {
    action: "member.activate",
    verb: "activate",
    next: () => ({ status: "ACTIVE" }),
  });

/** remove (000), disableUser (002): any status → DISABLED. */
export const removeMember = (actor: Actor, userId: unknown) =>
  applyChange(actor, userId, {
    action: "member.remove",
    verb: "remove",
    notOnSelf: true,
    next: () => ({ status: "DISABLED" }),
  });

/** approve (000): REQUESTED → ACTIVE. */
export const approveMember = (actor: Actor, userId: unknown) =>
  applyChange(actor, userId, {
    action: "member.approve",
    verb: "approve",
    next: (m) =>
      m.status === "REQUESTED" ? { status: "ACTIVE" } : refuse("approve", m, `status is ${m.status}, not REQUESTED`),
  });

/** deny (000): REQUESTED → DECLINED. */
export const denyMember = (actor: Actor, userId: unknown) =>
  applyChange(actor, userId, {
    action: "member.deny",
    verb: "deny",
    next: (m) =>
      m.status === "REQUESTED" ? { status: "DECLINED" } : refuse("deny", m, `status is ${m.status}, not REQUESTED`),
  });

/** togglesuspension (001): ACTIVE ⇄ SUSPENDED. */
export const toggleSuspension = (actor: Actor, userId: unknown) =>
  applyChange(actor, userId, {
    action: "member.toggle_suspension",
    verb: "suspend",
    notOnSelf: true,
    next: (m) => {
      if (m.status === "ACTIVE") return { status: "SUSPENDED" };
      if (m.status === "SUSPENDED") return { status: "ACTIVE" };
      return refuse("suspend or unsuspend", m, `status is ${m.status}; only ACTIVE and SUSPENDED members toggle`);
    },
  });

/** Bulk suspend: ACTIVE → SUSPENDED; an already SUSPENDED member stays as is (no event). */
export const suspendMember = (actor: Actor, userId: unknown) =>
  applyChange(actor, userId, {
    action: "member.toggle_suspension",
    verb: "suspend",
    notOnSelf: true,
    next: (m) => {
      if (m.status === "SUSPENDED") return null;
      if (m.status === "ACTIVE") return { status: "SUSPENDED" };
      return refuse("suspend", m, `status is ${m.status}; only ACTIVE members are suspended`);
    },
  });
