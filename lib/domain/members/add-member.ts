import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { hashPassword, MAX_PASSWORD_LENGTH } from "../../platform/auth/passwords";
import { DomainError } from "../../platform/errors";
import { enforceMailLimit } from "../../platform/limits/sign-in-guard";
import { parseInput } from "../../platform/validation";
import { type CreatedInvitation, createInvitation, deliverInvitation } from "../invitations/invite-member";
import { newInvitationToken } from "../invitations/token";
import { assertCan, assertMayAssignRole } from "../permissions";
import { inMemberTransaction, type Tx } from "../tx";
import { findOrCreateUser, newUid } from "../users/find-or-create";
import { attributeNameProblem, profileFields } from "../users/profile";
import { roleSchema } from "./change-role";
import { createMembership } from "./create-memberships";
import { assertUsernameFree } from "./username";
import { type MemberView, memberView } from "./view";

export const attributesSchema = z
  .record(z.string().max(100), z.json())
  .refine((v) => JSON.stringify(v).length <= 16_384, "custom attributes may take at most 16 KiB")
  .superRefine((v, ctx) => {
    for (const [name, value] of Object.entries(v)) {
      // Removing (null) stays possible, for names stored before they were reserved.
      const problem = value === null ? null : attributeNameProblem(name);
      if (problem) ctx.addIssue({ code: "custom", path: [name], message: problem });
    }
  });

export const addMemberSchema = z
  .object({
    ...profileFields,
    role: roleSchema,
    password: z.string().max(MAX_PASSWORD_LENGTH),
    attributes: attributesSchema,
  })
  .partial()
  .strict();

export type AddMemberInput = z.input<typeof addMemberSchema>;

/** What adding answers: the member, with a fresh API key; or, for a person who has a login elsewhere, their invitation. */
export type AddResult = MemberView & {
  apiKey: string | null;
  invitation?: CreatedInvitation["invitation"];
  /** Whether the invitation mail went out. */
  emailed?: boolean;
};

/**
 * add user (000), create record (003), SCIM create: a new ACTIVE member with a
 * fresh API key. A person who already has a login elsewhere (another
 * account, a password, a sign-in, a confirmed email) is not enlisted without
 * their consent: they are invited instead (INVITED, an invitation mailed, no
 * key), with this request's profile, and join when they accept.
 */
export async function addMember(
  actor: Actor,
  raw: AddMemberInput,
  /** The identity provider's id (SCIM externalId); SCIM's active=false creates the member SUSPENDED. */
  options: { externalId?: string | null; status?: "ACTIVE" | "SUSPENDED" } = {},
): Promise<AddResult> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const { role = "REGULAR", password, attributes, email, ...profile } = parseInput(addMemberSchema, raw);
  assertMayAssignRole(member.role, null, role);
  const passwordHash = password ? await hashPassword(password) : undefined;
  const { token, tokenHash } = newInvitationToken();

  const outcome = await inMemberTransaction(member, async (tx) => {
    // An admin's password is applied only to a person this request creates,
    // and opens only this account until its owner proves the email.
    const person = passwordHash ? { passwordHash, passwordAccountId: member.accountId } : {};
    const { user, created: isNew } = email
      ? await findOrCreateUser(tx, email, person)
      : { user: await tx.user.create({ data: { ...person, uid: newUid() } }), created: true };
    const existing = await tx.membership.findUnique({
      where: { userId_accountId: { userId: user.id, accountId: member.accountId } },
    });
    if (existing) {
      throw new DomainError("already_member", `${email} is already a member of this account (${existing.status})`, [
        { field: "email", message: "already a member" },
      ]);
    }
    await assertUsernameFree(tx, member.accountId, profile.username);
    const { termsAccepted, ...text } = profile;
    // A fresh profile from this request: nothing from the person's other accounts.
    const start = {
      role,
      profile: text,
      attributes: attributes ?? {},
      externalId: options.externalId ?? null,
      termsAccepted,
    };
    if (email && !isNew && (await hasLoginElsewhere(tx, user, member.accountId))) {
      return { invited: await createInvitation(tx, member, user.id, { email, ...start, token, tokenHash }) };
    }
    const created = await createMembership(tx, actor, member.accountId, "member.add", {
      userId: user.id,
      status: options.status ?? "ACTIVE",
      ...start,
      note: options.externalId ? { externalId: options.externalId } : undefined,
    });
    const row = await tx.membership.findUniqueOrThrow({ where: { id: created.id }, include: { user: true } });
    return { kind: "added" as const, added: { ...memberView(row), apiKey: created.apiKey } };
  });
  if (outcome.kind === "added") return outcome.added;
  const invited = outcome.invited;
  // The recipient's mail budget applies; over it, the invitation stands unmailed (an admin can copy its link).
  const mayMail = await enforceMailLimit(invited.invitation.email, { accountId: member.accountId }).then(
    () => true,
    () => false,
  );
  const emailed = mayMail && (await deliverInvitation(invited));
  return { ...invited.member, apiKey: null, invitation: invited.invitation, emailed };
}

/** Whether a person has a login beyond this account: another membership, a password, a sign-in, a proved email. */
async function hasLoginElsewhere(
  tx: Tx,
  user: { id: number; passwordHash: string | null; lastSignInAt: Date | null; confirmedAt: Date | null },
  accountId: number,
): Promise<boolean> {
  if (user.passwordHash !== null || user.lastSignInAt !== null || user.confirmedAt !== null) return true;
  return (await tx.membership.count({ where: { userId: user.id, accountId: { not: accountId } } })) > 0;
}
