import "server-only";
import { z } from "zod";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from "../auth/passwords";
import { ensureCredential } from "../credentials/issue";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { inAccountTransaction } from "../tx";
import { profileFields } from "../users/profile";
import { parseInput } from "../validation";
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
  const user = await db.user.findUnique({ where: { email: inv.email }, select: { passwordHash: true } });
  return {
    email: inv.email,
    firstName: inv.firstName,
    lastName: inv.lastName,
    accountName: inv.account.name,
    status: effectiveStatus(inv),
    expiresAt: inv.expiresAt,
    hasPassword: Boolean(user?.passwordHash),
  };
}

/**
 * Accept (console link): INVITED → ACTIVE when the account auto-activates,
 * else stays INVITED marked accepted. A new person sets a password; an email
 * that already has one must be signed in or give that password, so a copied
 * link cannot take over someone's existing login.
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
  let newPasswordHash: string | undefined;
  if (!user.passwordHash) {
    if (!input.password) {
      throw new DomainError("invalid_input", "Choose a password", [{ field: "password", message: "is required" }]);
    }
    newPasswordHash = await hashPassword(input.password);
  } else if (!signedInAsUser && !(input.password && (await verifyPassword(user.passwordHash, input.password)))) {
    throw new DomainError(
      "forbidden",
      "This email already has a Roster password: sign in or give that password to accept",
      [{ field: "password", message: "does not match this email's password" }],
    );
  }

  return inAccountTransaction(found.accountId, async (tx) => {
    const inv = await tx.invitation.findUniqueOrThrow({ where: { id: found.id } });
    if (inv.status === "REVOKED") throw new DomainError("invitation_revoked", "This invitation was revoked");
    if (inv.status === "ACCEPTED") throw new DomainError("invalid_transition", "This invitation was already accepted");
    if (effectiveStatus(inv) === "EXPIRED") {
      await tx.invitation.update({ where: { id: inv.id }, data: { status: "EXPIRED" } });
      throw new DomainError("invitation_expired", "This invitation has expired; ask for a new one");
    }
    const account = await tx.account.findUniqueOrThrow({ where: { id: inv.accountId } });
    const membership = await tx.membership.findUnique({
      where: { userId_accountId: { userId: user.id, accountId: inv.accountId } },
    });
    if (!membership) throw new DomainError("invitation_revoked", "This invitation is no longer valid");

    const now = new Date();
    await tx.user.update({
      where: { id: user.id },
      data: {
        emailStatus: "CONFIRMED",
        confirmedAt: user.confirmedAt ?? now,
        ...(newPasswordHash
          ? {
              passwordHash: newPasswordHash,
              firstName: input.firstName ?? user.firstName,
              lastName: input.lastName ?? user.lastName,
            }
          : {}),
      },
    });
    let status = membership.status;
    if (membership.status === "INVITED") {
      status = account.autoActivateOnAccept ? "ACTIVE" : "INVITED";
      await tx.membership.update({
        where: { id: membership.id },
        data: {
          status,
          acceptedAt: now,
          activeDate: status === "ACTIVE" ? now : undefined,
          version: { increment: 1 },
        },
      });
      if (status === "ACTIVE") await ensureCredential(tx, membership.id);
    }
    await tx.invitation.update({ where: { id: inv.id }, data: { status: "ACCEPTED", acceptedAt: now } });
    await recordAudit(
      tx,
      { ...actor, kind: "public", userId: user.id },
      {
        accountId: inv.accountId,
        action: "invitation.accept",
        targetType: "membership",
        targetId: user.id,
        before: { status: membership.status },
        after: { status, acceptedAt: now },
      },
    );
    return {
      accountId: inv.accountId,
      userId: user.id,
      email: found.email,
      membershipStatus: status,
      active: status === "ACTIVE",
    };
  });
}
