import "server-only";
import { z } from "zod";
import type { Actor, MemberActor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { encryptSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { enforceMailLimit } from "../../platform/limits/sign-in-guard";
import { mailEnabled } from "../../platform/mail/mailer";
import { emailSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { roleSchema } from "../members/change-role";
import { createMembership, type NewMembership } from "../members/create-memberships";
import { type MemberView, memberView } from "../members/view";
import { assertCan, assertMayAssignRole } from "../permissions";
import { inMemberTransaction, type Tx } from "../tx";
import { findOrCreateUser } from "../users/find-or-create";
import { profileFields } from "../users/profile";
import { sendInvitationMail } from "./invitation-mail";
import { newInvitationToken } from "./token";

export const inviteSchema = z
  .object({
    email: emailSchema,
    firstName: profileFields.firstName.optional(),
    lastName: profileFields.lastName.optional(),
    role: roleSchema.optional(),
  })
  .strict();

export type InviteInput = z.input<typeof inviteSchema>;

export interface InviteResult {
  member: MemberView;
  invitation: { id: number; email: string; role: string; status: string; expiresAt: Date };
  /** The link token (stored hashed, and encrypted for the copy-link button). */
  token: string;
  /** Whether the invitation email went out (false when SMTP_URL is not set). */
  emailed: boolean;
}

/** invite (000, 002): creates the user if new, an INVITED membership and a PENDING invitation. */
export async function inviteMember(actor: Actor, raw: InviteInput): Promise<InviteResult> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const { email, firstName, lastName, role = "REGULAR" } = parseInput(inviteSchema, raw);
  assertMayAssignRole(member.role, null, role);
  const { token, tokenHash } = newInvitationToken();
  if (mailEnabled()) await enforceMailLimit(email, { accountId: member.accountId });

  const result = await inMemberTransaction(member, async (tx) => {
    const { user } = await findOrCreateUser(tx, email);
    const existing = await tx.membership.findUnique({
      where: { userId_accountId: { userId: user.id, accountId: member.accountId } },
    });
    if (existing) {
      const code = existing.status === "INVITED" ? "already_invited" : "already_member";
      throw new DomainError(
        code,
        `${email} is already ${existing.status === "INVITED" ? "invited to" : "a member of"} this account`,
        [{ field: "email", message: code === "already_invited" ? "already invited" : "already a member" }],
      );
    }
    return createInvitation(tx, member, user.id, { email, role, profile: { firstName, lastName }, token, tokenHash });
  });
  const emailed = await deliverInvitation(result);
  return { member: result.member, invitation: result.invitation, token, emailed };
}

export type CreatedInvitation = Awaited<ReturnType<typeof createInvitation>>;

/**
 * An INVITED membership with this request's profile and a PENDING invitation,
 * inside the caller's transaction (the account locked, the person not yet a
 * member): inviting, and adding a person who has a login elsewhere.
 */
export async function createInvitation(
  tx: Tx,
  member: MemberActor,
  userId: number,
  input: Pick<NewMembership, "role" | "profile" | "attributes" | "externalId" | "termsAccepted"> & {
    email: string;
    token: string;
    tokenHash: string;
  },
) {
  const { email, role, token, tokenHash, ...start } = input;
  const account = await tx.account.findUniqueOrThrow({ where: { id: member.accountId } });
  const pending = await tx.invitation.count({
    where: { accountId: member.accountId, email, status: "PENDING", expiresAt: { gt: new Date() } },
  });
  if (pending > 0) throw new DomainError("already_invited", `${email} already has a pending invitation`);
  // The invitation first, so the membership's audit row (its member.created event) can name it.
  const invitation = await tx.invitation.create({
    data: {
      accountId: member.accountId,
      email,
      firstName: start.profile?.firstName ?? null,
      lastName: start.profile?.lastName ?? null,
      role,
      tokenHash,
      tokenEncrypted: encryptSecret(token),
      expiresAt: new Date(Date.now() + account.inviteTtlDays * 86_400_000),
      invitedById: member.userId,
    },
  });
  await recordAudit(tx, member, {
    accountId: member.accountId,
    action: "invitation.create",
    targetType: "invitation",
    targetId: invitation.id,
    before: null,
    after: { email, role, expiresAt: invitation.expiresAt.toISOString() },
  });
  // A fresh profile from this request: nothing from the person's other accounts.
  const { id: membershipId } = await createMembership(tx, member, member.accountId, "member.invite", {
    userId,
    role,
    status: "INVITED",
    ...start,
    note: { invitationId: invitation.id },
  });
  await tx.invitation.update({ where: { id: invitation.id }, data: { membershipId } });
  const created = await tx.membership.findUniqueOrThrow({ where: { id: membershipId }, include: { user: true } });
  const inviter = await tx.user.findUnique({ where: { id: member.userId }, select: { email: true } });
  return {
    member: memberView(created),
    invitation: { id: invitation.id, email, role, status: "PENDING" as const, expiresAt: invitation.expiresAt },
    token,
    mail: { accountName: account.name, inviter: inviter?.email ?? null },
  };
}

/** Mails an invitation after its commit (a mail failure does not undo it); whether it went out. */
export async function deliverInvitation(r: CreatedInvitation): Promise<boolean> {
  const emailed = await sendInvitationMail({
    to: r.invitation.email,
    token: r.token,
    expiresAt: r.invitation.expiresAt,
    ...r.mail,
  });
  if (emailed) await markSent(r.invitation.id);
  return emailed;
}

export async function markSent(invitationId: number) {
  const db = await getDb();
  await db.invitation.update({ where: { id: invitationId }, data: { sentAt: new Date() } });
}
