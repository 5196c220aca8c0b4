import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { type DomainError, isDomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { addToGroup } from "../groups/add-to-group";
import { assertCan, ROLES } from "../permissions";
import { MAX_BULK } from "./bulk-limits";
import { setMemberRole } from "./change-role";
import { activateMember, removeMember, suspendMember } from "./change-status";

export const bulkSchema = z
  .object({
    action: z.enum(["activate", "suspend", "disable", "set_role", "add_to_group"]),
    userIds: z.array(idSchema).min(1, "select at least one member").max(MAX_BULK, `at most ${MAX_BULK} at once`),
    role: z.enum(ROLES).optional(),
    groupId: idSchema.optional(),
  })
  .strict()
  .refine((v) => v.action !== "set_role" || v.role, { message: "choose a role", path: ["role"] })
  .refine((v) => v.action !== "add_to_group" || v.groupId, { message: "choose a group", path: ["groupId"] });

export type BulkInput = z.input<typeof bulkSchema>;

/** One action on many members: each in its own transaction, each refusal reported, none hidden. */
export async function bulkApply(actor: Actor, raw: BulkInput) {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const input = parseInput(bulkSchema, raw);
  const results: { userId: number; ok: boolean; error?: string; refusal?: DomainError }[] = [];
  for (const userId of input.userIds) {
    try {
      if (input.action === "activate") await activateMember(actor, userId);
      else if (input.action === "disable") await removeMember(actor, userId);
      else if (input.action === "set_role") await setMemberRole(actor, userId, input.role);
      else if (input.action === "suspend") await suspendMember(actor, userId);
      else if (input.action === "add_to_group") {
        await addToGroup(actor, input.groupId as number, userId);
      }
      results.push({ userId, ok: true });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      results.push({ userId, ok: false, error: e.message, refusal: e });
    }
  }
  return { done: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok), results };
}
