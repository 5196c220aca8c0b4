import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { applyChange } from "./apply-change";
import { TRANSITIONS } from "./transitions";

// SPEC §3 status rows (lib/domain/members/transitions.ts). Each takes the target member: a user id, or { uid }.

export const activateMember = (actor: Actor, userId: unknown) => applyChange(actor, userId, TRANSITIONS.activate);
export const removeMember = (actor: Actor, userId: unknown) => applyChange(actor, userId, TRANSITIONS.remove);
export const approveMember = (actor: Actor, userId: unknown) => applyChange(actor, userId, TRANSITIONS.approve);
export const denyMember = (actor: Actor, userId: unknown) => applyChange(actor, userId, TRANSITIONS.deny);
export const toggleSuspension = (actor: Actor, userId: unknown) =>
  applyChange(actor, userId, TRANSITIONS.toggleSuspension);
export const suspendMember = (actor: Actor, userId: unknown) => applyChange(actor, userId, TRANSITIONS.suspend);
