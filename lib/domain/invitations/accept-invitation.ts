import "server-only";
import { z } from "zod";
import type { Role } from "../../generated/prisma/enums";
import type { Actor } from "../../platform/auth/actor";
import { hashPassword, MAX_PASSWORD_LENGTH } from "../../platform/auth/passwords";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { checkPasswordGuarded, enforceMailLimit } from "../../platform/limits/sign-in-guard";
import { parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { changeOwnMembership } from "../members/apply-change";
import { TRANSITIONS } from "../members/transitions";
import { can, roleGrantAction } from "../permissions";
import { inAccountTransaction, type Tx } from "../tx";
import { issueEmailToken } from "../users/email-tokens";
import { sendEmailLink } from "../users/person-mail";
import { profileFields } from "../users/profile";
import { effectiveStatus, hashInvitationToken } from "./token";

export const acceptSchema = z
  .object({
    token: z.string().min(10, "is not a valid invitation token").max(200),
    firstName: profileFields.firstName.optional(),
    lastName: profileFields.lastName.optional(),
    password: z.string().max(MAX_PASSWORD_LENGTH).optional(),
  })
  .strict();

export type AcceptInput = z.input<typeof acceptSchema>;

export interface AcceptResult {
  accountId: number;
  userId: number;
  email: string;
  membershipStatus: "ACTIVE" | "INVITED" | string;
  /** False when the account activates accepted invitations by hand. */
  active: boolean;
}

/** Looks an invitation up by its link token, for the accept page. */
export async function findInvitationByToken(token: string) {
  const db = await getDb();
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { account: { select: { name: true } } },
  });
  if (!inv) throw new DomainError("not_found", "This invitation link is not valid");
  return {
    email: inv.email,
    firstName: inv.firstName,
    lastName: inv.lastName,
    accountName: inv.account.name,
    status: effectiveStatus(inv),
    expiresAt: inv.expiresAt,
  };
}

/**
 * Accept (console link): INVITED → ACTIVE when the account auto-activates,
 * else stays INVITED marked accepted. An admin can copy an invitation link,
 * so following one does not prove the email: a person with no password sets
 * one that opens only this account until they confirm the email (a link is
 * mailed for that); a person who already has a login of their own joins only
 * as themselves — signed in, or giving that password (counted like a
 * sign-in) — so nobody else enlists them by following their link.
 */
export async function acceptInvitation(actor: Actor, raw: AcceptInput): Promise<AcceptResult> {
  const input = parseInput(acceptSchema, raw);
  const tokenHash = hashInvitationToken(input.token);
  const db = await getDb();
  const found = await db.invitation.findUnique({ where: { tokenHash } });
  if (!found) throw new DomainError("not_found", "This invitation link is not valid");
  const user = await db.user.findUnique({ where: { email: found.email } });
  if (!user) throw new DomainError("invitation_revoked", "This invitation is no longer valid");

  const signedInAsUser = actor.kind !== "system" && "userId" in actor && actor.userId === user.id;
  // A password this account's admin chose opens only this account: it proves nothing here either way.
  const ownLogin = user.passwordHash !== null && user.passwordAccountId !== found.accountId;
  if (ownLogin && !signedInAsUser) {
    const proved = input.password
      ? await checkPasswordGuarded(found.email, user.passwordHash, input.password, actor.ip ?? "unknown")
      : false;
    if (!proved) {
      throw new DomainError(
        "owner_only",
        `${found.email} already has a Roster login: sign in as ${found.email}, or give its password, to accept`,
        [{ field: "password", message: "is the password of your Roster login" }],
      );
    }
  }
  const needsPassword = !signedInAsUser && !user.passwordHash;
  if (needsPassword && !input.password) {
    throw new DomainError("invalid_input", "Choose a password", [{ field: "password", message: "is required" }]);
  }
  const newPasswordHash = needsPassword && input.password ? await hashPassword(input.password) : undefined;

  const person: Actor = { ...actor, kind: "public", userId: user.id };
  const result = await inAccountTransaction(found.accountId, async (tx) => {
    const inv = await tx.invitation.findUniqueOrThrow({ where: { id: found.id } });
    if (inv.status === "REVOKED") throw new DomainError("invitation_revoked", "This invitation was revoked");
    if (inv.status === "ACCEPTED") throw new DomainError("invalid_transition", "This invitation was already accepted");
    if (effectiveStatus(inv) === "EXPIRED") {
      await tx.invitation.update({ where: { id: inv.id }, data: { status: "EXPIRED" } });
      throw new DomainError("invitation_expired", "This invitation has expired; ask for a new one");
    }
    await assertGrantersStand(tx, inv);
    const account = await tx.account.findUniqueOrThrow({ where: { id: inv.accountId } });
    const membership = await tx.membership.findUnique({
      where: { userId_accountId: { userId: user.id, accountId: inv.accountId } },
      include: { user: true },
    });
    if (!membership) throw new DomainError("invitation_revoked", "This invitation is no longer valid");

    const now = new Date();
    let verification: { token: string; expiresAt: Date } | null = null;
    if (newPasswordHash) {
      // Only if nobody set a password meanwhile (two tabs, or a race with another link).
      const set = await tx.user.updateMany({
        where: { id: user.id, passwordHash: null },
        data: { passwordHash: newPasswordHash, passwordAccountId: inv.accountId },
      });
      if (set.count === 1 && !user.confirmedAt) {
        verification = await issueEmailToken(tx, { purpose: "verify_email", email: found.email, userId: user.id });
      }
    }
    let status = membership.status;
    if (membership.status === "INVITED") {
      const accepted = {
        acceptedAt: now,
        // The names the person gives are this account's profile of them.
        ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
        ...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
      };
      if (account.autoActivateOnAccept) {
        // Activating is the table's row, with its key and its member.status_changed event.
        const after = await changeOwnMembership(tx, person, membership, TRANSITIONS.acceptInvitation, {
          data: accepted,
          note: { via: "invitation" },
        });
        status = after.status;
      } else {
        await tx.membership.update({ where: { id: membership.id }, data: { ...accepted, version: { increment: 1 } } });
      }
    }
    await tx.invitation.update({ where: { id: inv.id }, data: { status: "ACCEPTED", acceptedAt: now } });
    await recordAudit(tx, person, {
      accountId: inv.accountId,
      action: "invitation.accept",
      targetType: "membership",
      targetId: user.id,
      before: { status: membership.status },
      after: {
        status,
        acceptedAt: now,
        role: inv.role,
        // A link an admin copied may be followed by anyone who got it, not only the invitee.
        via: inv.linkCopiedById ? "copied_link" : "link",
        ...(inv.linkCopiedById ? { copiedBy: inv.linkCopiedById } : {}),
      },
    });
    return {
      accountId: inv.accountId,
      userId: user.id,
      email: found.email,
      accountName: account.name,
      membershipStatus: status,
      active: status === "ACTIVE",
      verification,
    };
  });
  const { verification, accountName, ...answer } = result;
  const mayMail = verification
    ? await enforceMailLimit(found.email, { ip: actor.ip ?? "unknown" }).then(
        () => true,
        () => false, // the acceptance stands; the person asks for the confirmation again later
      )
    : false;
  if (verification && mayMail) {
    await sendEmailLink(
      "verify_email",
      found.email,
      verification.token,
      verification.expiresAt,
      `You joined ${accountName} on Roster.`,
    );
  }
  return answer;
}

/**
 * Who sent the link (the inviter, and whoever copied it since) must still be
 * an ACTIVE member allowed to grant the invited role: an invitation carries
 * their authority, and a demoted or removed admin's grants do not outlive it.
 */
async function assertGrantersStand(
  tx: Tx,
  inv: { accountId: number; role: Role; invitedById: number | null; linkCopiedById: number | null },
) {
  const ids = [inv.invitedById, inv.linkCopiedById].filter((id): id is number => id !== null);
  if (ids.length === 0) return; // the operator's or an import's invitation
  const granters = await tx.membership.findMany({
    where: { accountId: inv.accountId, userId: { in: ids } },
    select: { userId: true, role: true, status: true },
  });
  const action = roleGrantAction(null, inv.role);
  const stands = (id: number) => granters.some((g) => g.userId === id && g.status === "ACTIVE" && can(g.role, action));
  if (!ids.every(stands)) {
    throw new DomainError(
      "invitation_revoked",
      "This invitation is no longer valid: whoever sent it may no longer grant its role. Ask for a new one",
    );
  }
}
