import "server-only";
import { z } from "zod";
import type { Actor, Origin } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { hashPassword, MAX_PASSWORD_LENGTH } from "../../platform/auth/passwords";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { checkPasswordGuarded, enforceMailLimit, liftSignInLock } from "../../platform/limits/sign-in-guard";
import { emailSchema, parseId, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { confirmedFactors, loginEvent } from "../sign-in/factor-state";
import { assertRecentlyVerified } from "../sign-in/owner";
import { mintSession, type SignInMethod } from "../sign-in/sessions";
import { inTransaction, type Tx } from "../tx";
import {
  consumeEmailToken,
  type EmailTokenPurpose,
  issueEmailToken,
  peekEmailToken,
  retireEmailTokens,
} from "./email-tokens";
import { sendEmailLink, sendLoginNotice } from "./person-mail";

// A person's own login: what only its owner may do, signed in to the console
// (never through an API key) or by following a link mailed to the address.

const password = z.string().max(MAX_PASSWORD_LENGTH);

/** The signed-in person (console session); an API key never changes its owner's login. */
function ownerOf(actor: Actor): { userId: number; ip: string; sid: string | null } {
  const member = actor.kind === "member" ? requireMember(actor) : null;
  const userId = member ? member.userId : actor.kind === "public" ? actor.userId : undefined;
  if (!userId || (member && member.via !== "session")) {
    throw new DomainError("owner_only", "Only the person, signed in to the console, changes their own login");
  }
  const session = actor.kind === "member" || actor.kind === "public" ? actor.session : undefined;
  return { userId, ip: actor.ip ?? "unknown", sid: session?.sid ?? null };
}

/** A person with a second factor proves it again before changing their password or email (SPEC §7, step-up). */
async function assertStepUp(actor: Actor, userId: number): Promise<void> {
  const db = await getDb();
  if ((await confirmedFactors(db, userId)) > 0) {
    await assertRecentlyVerified(db, actor);
  }
}

/**
 * A password someone else chose (an admin, or through a copied invitation
 * link) proves nothing about the email: whoever holds it may not move the
 * login elsewhere, nor act as the person beyond its one account.
 */
export function assertOwnPassword(user: { passwordAccountId: number | null }): void {
  if (user.passwordAccountId !== null) {
    throw new DomainError(
      "owner_only",
      "Confirm your email and choose a password of your own first (Your login → Send the confirmation link)",
    );
  }
}

/** Whether the person's password is their own (it opens every account they belong to). */
export const hasOwnPassword = (user: { passwordHash: string | null; passwordAccountId: number | null }) =>
  user.passwordHash !== null && user.passwordAccountId === null;

/**
 * The owner followed a link mailed to the address and chose this password:
 * the email is proved, the password opens every account, and every earlier
 * session ends.
 */
export async function setOwnPassword(
  tx: Tx,
  user: { id: number; confirmedAt: Date | null },
  passwordHash: string,
): Promise<void> {
  await tx.user.update({
    where: { id: user.id },
    data: {
      passwordHash,
      passwordAccountId: null,
      emailStatus: "CONFIRMED",
      confirmedAt: user.confirmedAt ?? new Date(),
      sessionVersion: { increment: 1 },
    },
  });
}

/**
 * Forgot password: a single-use link (one hour) to the address if a person
 * has it. The answer and its timing are the same whether or not anyone does:
 * the lookup and the mail happen after the answer.
 */
export async function requestPasswordReset(origin: Origin, raw: { email: unknown }): Promise<void> {
  const email = parseInput(emailSchema, raw.email);
  await enforceMailLimit(email, { ip: origin.ip ?? "unknown" });
  void sendReset(email).catch((e) => console.error(`[roster] password reset mail failed: ${(e as Error).message}`));
}

async function sendReset(email: string) {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  const link = await inTransaction((tx) => issueEmailToken(tx, { purpose: "reset_password", email, userId: user.id }));
  await sendEmailLink("reset_password", email, link.token, link.expiresAt);
}

/** A followed reset link: the new password is the owner's own (it opens every account) and every session ends. */
export async function completePasswordReset(origin: Origin, raw: { token: unknown; password: unknown }) {
  const input = parseInput(z.object({ token: z.string().max(200), password }).strict(), raw);
  const passwordHash = await hashPassword(input.password);
  const done = await inTransaction(async (tx) => {
    const link = await consumeEmailToken(tx, "reset_password", input.token);
    const user = await tx.user.findUnique({ where: { id: link.userId ?? 0 } });
    if (!user || user.email !== link.email) throw new DomainError("link_expired", "This link is no longer valid");
    await setOwnPassword(tx, user, passwordHash);
    await recordAudit(tx, { kind: "public", userId: user.id, ...origin }, loginEvent(user.id, "user.reset_password"));
    return { email: link.email };
  });
  // The mailbox is proved: whatever lock guessing put on the email is lifted.
  await liftSignInLock(done.email);
  await sendLoginNotice("password_reset", done.email);
  return done;
}

/** The signed-in person's own login, for the "Your login" page. */
export async function getOwnLogin(actor: Actor) {
  const { userId } = ownerOf(actor);
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, confirmedAt: true, passwordAccountId: true },
  });
  return {
    email: user.email ?? "",
    confirmed: user.confirmedAt !== null,
    passwordChosenForYou: user.passwordAccountId !== null,
  };
}

/** Mails the signed-in person a link that confirms their email. */
export async function sendEmailVerification(actor: Actor): Promise<{ sent: boolean }> {
  const { userId, ip } = ownerOf(actor);
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.email) throw new DomainError("invalid_input", "Your login has no email to confirm");
  const email = user.email;
  await enforceMailLimit(email, { ip });
  const link = await inTransaction((tx) => issueEmailToken(tx, { purpose: "verify_email", email, userId }));
  return { sent: await sendEmailLink("verify_email", email, link.token, link.expiresAt) };
}

/**
 * A followed verification link proves the email. A password someone else
 * chose (an account's admin, or through an invitation link an admin could
 * copy) is replaced here: only a password of the owner's own opens every account.
 */
export async function confirmEmail(origin: Origin, raw: { token: unknown; password?: unknown }) {
  const input = parseInput(z.object({ token: z.string().max(200), password: password.optional() }).strict(), raw);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(async (tx) => {
    const link = await consumeEmailToken(tx, "verify_email", input.token);
    const user = await tx.user.findUnique({ where: { id: link.userId ?? 0 } });
    if (!user || user.email !== link.email) throw new DomainError("link_expired", "This link is no longer valid");
    const ownPassword = hasOwnPassword(user);
    if (ownPassword) {
      await tx.user.update({
        where: { id: user.id },
        data: { emailStatus: "CONFIRMED", confirmedAt: user.confirmedAt ?? new Date() },
      });
    } else if (passwordHash) {
      await setOwnPassword(tx, user, passwordHash);
    } else {
      throw new DomainError("invalid_input", "Choose a password of your own", [
        { field: "password", message: "is required" },
      ]);
    }
    await recordAudit(tx, { kind: "public", userId: user.id, ...origin }, loginEvent(user.id, "user.confirm_email"));
    return { email: link.email, passwordChanged: !ownPassword };
  });
}

/**
 * The signed-in person changes their password, giving the current one (it
 * counts toward the sign-in lockout). Every other session ends; this browser
 * gets a new session of the same strength (answered, for its cookie).
 */
export async function changePassword(actor: Actor, raw: { currentPassword: unknown; newPassword: unknown }) {
  const { userId, ip, sid } = ownerOf(actor);
  await assertStepUp(actor, userId);
  const input = parseInput(z.object({ currentPassword: password, newPassword: password }).strict(), raw);
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await checkPasswordGuarded(user.email ?? "", user.passwordHash, input.currentPassword, ip))) {
    throw new DomainError("forbidden", "The current password is not right", [
      { field: "currentPassword", message: "does not match" },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const session = await inTransaction(async (tx) => {
    const current = sid
      ? await tx.session.findUnique({ where: { id: sid }, select: { methods: true, level: true } })
      : null;
    await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, actor, loginEvent(userId, "user.change_password"));
    if (!current) return null;
    const methods = current.methods as SignInMethod[];
    return mintSession({ id: userId }, { methods, level: current.level }, { ip, userAgent: actor.userAgent }, tx);
  });
  if (user.email) await sendLoginNotice("password_changed", user.email);
  return { email: user.email as string, session };
}

/** The signed-in person moves their login to another address: a link goes there, and only following it changes anything. */
export async function requestEmailChange(actor: Actor, raw: { newEmail: unknown; currentPassword: unknown }) {
  const { userId, ip, sid } = ownerOf(actor);
  await assertStepUp(actor, userId);
  const input = parseInput(z.object({ newEmail: emailSchema, currentPassword: password }).strict(), raw);
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  assertOwnPassword(user);
  if (!(await checkPasswordGuarded(user.email ?? "", user.passwordHash, input.currentPassword, ip))) {
    throw new DomainError("forbidden", "The current password is not right", [
      { field: "currentPassword", message: "does not match" },
    ]);
  }
  await enforceMailLimit(input.newEmail, { ip });
  if (user.email) await enforceMailLimit(user.email, { ip });
  const from = user.email ?? "";
  const [link, cancel] = await inTransaction(async (tx) => [
    await issueEmailToken(tx, { purpose: "change_email", email: input.newEmail, userId, data: { from, sid } }),
    // The old address hears of it at once, with a way to stop it.
    await issueEmailToken(tx, { purpose: "cancel_email_change", email: from, userId, data: { to: input.newEmail } }),
  ]);
  // Whether the address is free is checked when the link is followed: the answer here says nothing about it.
  await sendEmailLink("change_email", input.newEmail, link.token, link.expiresAt);
  if (from) {
    await sendEmailLink(
      "cancel_email_change",
      from,
      cancel.token,
      cancel.expiresAt,
      `Someone signed in to your Roster login asked to move it to ${input.newEmail}.`,
    );
  }
  return { sentTo: input.newEmail };
}

export async function confirmEmailChange(origin: Origin, raw: { token: unknown }) {
  const input = parseInput(z.object({ token: z.string().max(200) }).strict(), raw);
  const done = await inTransaction(async (tx) => {
    const link = await consumeEmailToken(tx, "change_email", input.token);
    const user = await tx.user.findUnique({ where: { id: link.userId ?? 0 } });
    if (!user) throw new DomainError("link_expired", "This link is no longer valid");
    // The session that asked must still stand (the password it knew is checked by the link's binding).
    const sid = typeof link.data.sid === "string" ? link.data.sid : null;
    const asking = sid
      ? await tx.session.count({ where: { id: sid, endedAt: null, expiresAt: { gt: new Date() } } })
      : 1;
    if (asking === 0) {
      throw new DomainError("link_expired", "The session that asked for this change has ended; sign in and ask again");
    }
    assertOwnPassword(user);
    const taken = await tx.user.count({ where: { email: link.email, id: { not: user.id } } });
    if (taken) throw new DomainError("email_taken", "Another Roster login already uses this address");
    await tx.user.update({
      where: { id: user.id },
      data: {
        email: link.email,
        emailStatus: "CONFIRMED",
        confirmedAt: new Date(),
        sessionVersion: { increment: 1 },
      },
    });
    // Every account shows the email: their records' ETags change with it.
    await tx.membership.updateMany({ where: { userId: user.id }, data: { version: { increment: 1 } } });
    await recordAudit(
      tx,
      { kind: "public", userId: user.id, ...origin },
      { ...loginEvent(user.id, "user.change_email"), before: { email: user.email }, after: { email: link.email } },
    );
    return { email: link.email, from: user.email };
  });
  if (done.from) await sendLoginNotice("email_changed", done.from, done.email);
  return { email: done.email };
}

/**
 * "This was not me", from the old address: the pending change is withdrawn
 * and every session ends (whoever asked knew the password and held a session),
 * which retires every other link pending for the login too.
 */
export async function cancelEmailChange(origin: Origin, raw: { token: unknown }) {
  const input = parseInput(z.object({ token: z.string().max(200) }).strict(), raw);
  return inTransaction(async (tx) => {
    const link = await consumeEmailToken(tx, "cancel_email_change", input.token);
    const userId = link.userId ?? 0;
    await retireEmailTokens(tx, userId, ["change_email"]);
    await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    await recordAudit(
      tx,
      { kind: "public", userId, ...origin },
      { ...loginEvent(userId, "user.cancel_email_change"), before: { pendingEmail: link.data.to ?? null } },
    );
    return { email: link.email };
  });
}

/** Ends every session of the signed-in person, on every app server, at once. */
export async function signOutEverywhere(actor: Actor): Promise<void> {
  const { userId } = ownerOf(actor);
  await inTransaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    await recordAudit(tx, actor, loginEvent(userId, "user.sign_out_everywhere"));
  });
}

/**
 * What a mailed link's page shows: the address, and whether the follower must
 * choose a password (the person has none of their own yet). Only the
 * mailbox's owner holds such a link, so this tells nobody else anything.
 */
export async function describeEmailLink(
  purpose: EmailTokenPurpose,
  token: string,
): Promise<{ email: string; needsPassword: boolean; accountName: string | null } | null> {
  const link = await peekEmailToken(purpose, token);
  if (!link) return null;
  const db = await getDb();
  const user = link.userId
    ? await db.user.findUnique({ where: { id: link.userId } })
    : await db.user.findUnique({ where: { email: link.email } });
  const accountId = parseId((link.data as { accountId?: unknown }).accountId) ?? 0;
  const account = accountId ? await db.account.findUnique({ where: { id: accountId }, select: { name: true } }) : null;
  return {
    email: link.email,
    needsPassword: !user || !hasOwnPassword(user),
    accountName: account?.name ?? null,
  };
}
