import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { parseInput } from "../../platform/validation";
import { ROLES } from "../permissions";
import { applyChange } from "./apply-change";
import { TRANSITIONS } from "./transitions";

// SPEC §3 role rows (lib/domain/members/transitions.ts). Each takes the target member: a user id, or { uid }.

export const promoteMember = (actor: Actor, userId: unknown) => applyChange(actor, userId, TRANSITIONS.promote);
export const demoteMember = (actor: Actor, userId: unknown) => applyChange(actor, userId, TRANSITIONS.demote);
export const promoteGuest = (actor: Actor, userId: unknown) => applyChange(actor, userId, TRANSITIONS.promoteGuest);

export const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });

export async function setMemberRole(actor: Actor, userId: unknown, role: unknown) {
  const newRole = parseInput(z.object({ role: roleSchema }), { role }).role;
  return applyChange(actor, userId, TRANSITIONS.setRole, newRole);
}
