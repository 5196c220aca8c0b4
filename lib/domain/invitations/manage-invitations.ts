import "server-only";
import { z } from "zod";
import type { Actor, MemberActor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { decryptSecret, encryptSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { enforceMailLimit } from "../../platform/limits/sign-in-guard";
import { mailEnabled } from "../../platform/mail/mailer";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { assertCan, assertMayAssignRole } from "../permissions";
import { inMemberTransaction, type Tx } from "../tx";
import { invitationUrl, sendInvitationMail } from "./invitation-mail";
import { markSent } from "./invite-member";
import { effectiveStatus, newInvitationToken } from "./token";

export const INVITATION_STATUSES = ["PENDING", "EXPIRED", "ACCEPTED", "REVOKED"] as const;

const listSchema = z
  .object({
    status: z.enum(INVITATION_STATUSES).optional(),
    page: z.number().int().min(1).max(1_000_000).default(1),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .strict();

/** Every invitation of the account, newest first, with its status as people see it (ADMINs). */
export async function listInvitations(actor: Actor, raw: z.input<typeof listSchema> = {}) {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const input = parseInput(listSchema, raw);
  const now = new Date();
  const statusWhere =
    input.status === "PENDING"
      ? { status: "PENDING" as const, expiresAt: { gt: now } }
      : input.status === "EXPIRED"
        ? { OR: [{ status: "EXPIRED" as const }, { status: "PENDING" as const, expiresAt: { lte: now } }] }
        : input.status
          ? { status: input.status }
          : {};
  const where = { accountId: member.accountId, ...statusWhere };
  const db = await getDb();
  const [rows, total] = await Promise.all([
    db.invitation.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (input.page - 1) * input.limit,
      take: input.limit,
    }),
    db.invitation.count({ where }),
  ]);
  const inviterIds = [...new Set(rows.map((r) => r.invitedById).filter((x): x is number => x !== null))];
  const [inviters, waiting] = await Promise.all([
    db.user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, email: true } }),
    // Accepted, but the account activates by hand: the admin's next step.
    db.membership.findMany({
      where: {
        id: { in: rows.filter((r) => r.status === "ACCEPTED" && r.membershipId).map((r) => r.membershipId as number) },
        status: "INVITED",
        acceptedAt: { not: null },
      },
      select: { id: true, userId: true },
    }),
  ]);
  return {
    total,
    page: input.page,
    limit: input.limit,
    rows: rows.map((r) => ({
      id: r.id,
      email: r.email,
      firstName: r.firstName,
      lastName: r.lastName,
      role: r.role,
      status: effectiveStatus(r, now) as (typeof INVITATION_STATUSES)[number],
      expiresAt: r.expiresAt,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
      invitedBy: inviters.find((u) => u.id === r.invitedById)?.email ?? null,
      /** The invitee's user id while their accepted membership waits for activation. */
      awaitingActivation: waiting.find((m) => m.id === r.membershipId)?.userId ?? null,
    })),
  };
}

/**
 * An open invitation the member may act on: its link makes whoever holds it a
 * member in the invited role, so resending, copying or revoking it takes the
 * right to grant that role (an ADMIN never handles a SUPER's invitation).
 */
async function loadOpen(tx: Tx, member: MemberActor, id: number) {
  const inv = await tx.invitation.findFirst({ where: { id, accountId: member.accountId } });
  if (!inv) throw new DomainError("not_found", `Invitation ${id} not found`);
  assertMayAssignRole(member.role, null, inv.role);
  if (inv.status === "ACCEPTED" || inv.status === "REVOKED") {
    throw new DomainError("invalid_transition", `This invitation was already ${inv.status.toLowerCase()}`);
  }
  return inv;
}

/** Resend: a new link (the old one stops working), a fresh expiry, and the email again. */
export async function resendInvitation(actor: Actor, rawId: unknown) {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const id = parseInput(idSchema, rawId);
  const { token, tokenHash } = newInvitationToken();
  if (mailEnabled()) {
    // The recipient's mail budget (an admin names the address and the account name shown): checked before anything changes.
    const db = await getDb();
    const inv = await db.invitation.findFirst({ where: { id, accountId: member.accountId }, select: { email: true } });
    if (inv) await enforceMailLimit(inv.email, { accountId: member.accountId });
  }
  const r = await inMemberTransaction(member, async (tx) => {
    const inv = await loadOpen(tx, member, id);
    const account = await tx.account.findUniqueOrThrow({ where: { id: member.accountId } });
    const expiresAt = new Date(Date.now() + account.inviteTtlDays * 86_400_000);
    await tx.invitation.update({
      where: { id },
      data: { tokenHash, tokenEncrypted: encryptSecret(token), status: "PENDING", expiresAt, linkCopiedById: null },
    });
    const inviter = await tx.user.findUnique({ where: { id: member.userId }, select: { email: true } });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "invitation.resend",
      targetType: "invitation",
      targetId: id,
      after: { email: inv.email, expiresAt },
    });
    return { email: inv.email, expiresAt, accountName: account.name, inviter: inviter?.email ?? null };
  });
  const emailed = await sendInvitationMail({
    to: r.email,
    accountName: r.accountName,
    inviter: r.inviter,
    token,
    expiresAt: r.expiresAt,
  });
  if (emailed) await markSent(id);
  return { id, expiresAt: r.expiresAt, emailed, url: invitationUrl(token) };
}

/** Revoke: the link stops working and the person's INVITED membership is withdrawn. */
export async function revokeInvitation(actor: Actor, rawId: unknown) {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const id = parseInput(idSchema, rawId);
  return inMemberTransaction(member, async (tx) => {
    const inv = await loadOpen(tx, member, id);
    await tx.invitation.update({ where: { id }, data: { status: "REVOKED", revokedAt: new Date() } });
    if (inv.membershipId)
      await tx.membership.deleteMany({ where: { id: inv.membershipId, status: "INVITED", acceptedAt: null } });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: id,
      before: { status: inv.status },
      after: { status: "REVOKED", email: inv.email },
    });
    return { id, status: "REVOKED" as const };
  });
}

/**
 * The link of an open invitation again, for the copy button (ADMINs, for roles
 * they may grant). Audited, and remembered on the invitation: whoever accepts
 * through it may not be the invitee, and the acceptance says so.
 */
export async function invitationLink(actor: Actor, rawId: unknown): Promise<string> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const id = parseInput(idSchema, rawId);
  const token = await inMemberTransaction(member, async (tx) => {
    const inv = await loadOpen(tx, member, id);
    if (effectiveStatus(inv) !== "PENDING")
      throw new DomainError("invalid_transition", "Only a pending invitation has a working link; resend it");
    if (!inv.tokenEncrypted)
      throw new DomainError("invalid_transition", "This link cannot be shown again; resend the invitation");
    await tx.invitation.update({ where: { id }, data: { linkCopiedById: member.userId } });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "invitation.copy_link",
      targetType: "invitation",
      targetId: id,
      after: { email: inv.email, role: inv.role },
    });
    return decryptSecret(inv.tokenEncrypted);
  });
  return invitationUrl(token);
}
