import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { DomainError, isDomainError } from "../../platform/errors";
import { parseInput } from "../../platform/validation";
import { roleSchema } from "../members/change-role";
import { assertCan, assertMayAssignRole } from "../permissions";
import { inviteMember } from "./invite-member";

/** At most this many addresses in one paste (each is its own invitation and email). */
export const MAX_INVITES = 100;

export const inviteManySchema = z
  .object({
    /** Addresses as pasted: separated by commas, semicolons, spaces or lines; "Name <email>" is fine. */
    emails: z.string().max(20_000, "is too long (at most 20,000 characters)"),
    role: roleSchema.optional(),
  })
  .strict();

export type InviteManyInput = z.input<typeof inviteManySchema>;

export interface InviteOutcome {
  email: string;
  ok: boolean;
  emailed?: boolean;
  refusal?: DomainError;
}

/** The addresses in a pasted list, in order, each once (compared case-insensitively). */
export function pastedEmails(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const entry of text.split(/[,;\n]+/u)) {
    // Each word is an address, except the name in "Name <address>" (a word without @ beside one in brackets).
    const named = /<[^>]*@[^>]*>/.test(entry);
    for (const word of entry.replace(/<([^>]*)>/g, " $1 ").split(/\s+/u)) {
      const email = word.replace(/^["'(]+|["')]+$/g, "").trim();
      if (named && !email.includes("@")) continue;
      if (!email || seen.has(email.toLowerCase())) continue;
      seen.add(email.toLowerCase());
      out.push(email);
    }
  }
  return out;
}

/**
 * Invites several people with one role: each address is its own invitation
 * (its own transaction, email and audit event); a refused address is reported
 * with its reason and never stops the others.
 */
export async function inviteMany(actor: Actor, raw: InviteManyInput): Promise<InviteOutcome[]> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const input = parseInput(inviteManySchema, raw);
  const role = input.role ?? "REGULAR";
  assertMayAssignRole(member.role, null, role);
  const emails = pastedEmails(input.emails);
  const refuse = (message: string) =>
    new DomainError("invalid_input", `Invalid emails: ${message}`, [{ field: "emails", message }]);
  if (emails.length === 0) throw refuse("list at least one email address");
  if (emails.length > MAX_INVITES) throw refuse(`at most ${MAX_INVITES} addresses at once (${emails.length} given)`);
  const outcomes: InviteOutcome[] = [];
  for (const email of emails) {
    try {
      const r = await inviteMember(actor, { email, role });
      outcomes.push({ email: r.invitation.email, ok: true, emailed: r.emailed });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      outcomes.push({ email, ok: false, refusal: e });
    }
  }
  return outcomes;
}
