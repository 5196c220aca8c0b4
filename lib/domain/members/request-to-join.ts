import "server-only";
import { z } from "zod";
import type { Actor, Origin } from "../../platform/auth/actor";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../platform/auth/passwords";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { enforceMailLimit } from "../../platform/limits/sign-in-guard";
import { emailSchema, idSchema, parseId, parseInput } from "../../platform/validation";
import { inAccountTransaction, inTransaction, type Tx } from "../tx";
import { consumeEmailToken, issueEmailToken, peekEmailToken } from "../users/email-tokens";
import { findOrCreateUser } from "../users/find-or-create";
import { assertOwnPassword, hasOwnPassword, setOwnPassword } from "../users/person-login";
import { sendEmailLink } from "../users/person-mail";
import { profileFields } from "../users/profile";
import { createMembership } from "./create-memberships";

export const joinSchema = z
  .object({
    accountId: idSchema,
    email: emailSchema.optional(),
    firstName: profileFields.firstName.optional(),
    lastName: profileFields.lastName.optional(),
  })
  .strict();

export type JoinResult =
  | { status: "REQUESTED"; accountId: number; userId: number; membershipId: number }
  /** Someone not signed in: a link went to the email (the same answer for every email). */
  | { status: "CONFIRMATION_SENT"; accountId: number };

/**
 * Request to join: a signed-in person's request waits in REQUESTED for an
 * admin. Anyone else gives an email, and the request exists only once a link
 * mailed there is followed — so a join request proves the email, never sets
 * anyone's password on a stranger's say-so, and tells a stranger nothing.
 */
export async function requestToJoin(actor: Actor, raw: z.input<typeof joinSchema>): Promise<JoinResult> {
  const input = parseInput(joinSchema, raw);
  const signedIn = actor.kind === "public" || actor.kind === "member" ? actor.userId : undefined;
  const db = await getDb();
  const account = await db.account.findUnique({ where: { id: input.accountId }, select: { name: true } });
  if (!account) throw new DomainError("not_found", "Account not found");
  if (signedIn) {
    // A session opened with a password someone else chose acts in that one account only.
    assertOwnPassword(
      await db.user.findUniqueOrThrow({ where: { id: signedIn }, select: { passwordAccountId: true } }),
    );
    return inAccountTransaction(input.accountId, (tx) =>
      createRequest(tx, actor, input.accountId, signedIn, input.firstName, input.lastName),
    );
  }
  if (!input.email)
    throw new DomainError("invalid_input", "Give your email", [{ field: "email", message: "is required" }]);
  const email = input.email;
  await enforceMailLimit(email, { ip: actor.ip ?? "unknown" });
  const link = await inTransaction((tx) =>
    issueEmailToken(tx, {
      purpose: "join",
      email,
      data: { accountId: input.accountId, firstName: input.firstName ?? null, lastName: input.lastName ?? null },
    }),
  );
  await sendEmailLink("join", email, link.token, link.expiresAt, `You asked to join ${account.name} on Roster.`);
  return { status: "CONFIRMATION_SENT", accountId: input.accountId };
}

export const confirmJoinSchema = z
  .object({
    token: z.string().max(200),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(MAX_PASSWORD_LENGTH)
      .optional(),
  })
  .strict();

/**
 * The mailed join link was followed: the request is made. A person without a
 * password of their own (none yet, or one an admin chose) sets one here — the
 * link proved the email is theirs.
 */
export async function confirmJoin(origin: Origin, raw: z.input<typeof confirmJoinSchema>) {
  const input = parseInput(confirmJoinSchema, raw);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  // The account first, then the person (consuming the link locks them): the order every member write takes.
  const pending = await peekEmailToken("join", input.token);
  const accountId = parseId((pending?.data as { accountId?: unknown } | undefined)?.accountId) ?? 0;
  return inTransaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${accountId} FOR UPDATE`;
    const link = await consumeEmailToken(tx, "join", input.token);
    const data = link.data as { accountId: number; firstName: string | null; lastName: string | null };
    if (data.accountId !== accountId) throw new DomainError("link_expired", "This link is no longer valid");
    const { user } = await findOrCreateUser(tx, link.email);
    if (!hasOwnPassword(user)) {
      if (!passwordHash)
        throw new DomainError("invalid_input", "Choose a password", [{ field: "password", message: "is required" }]);
      await setOwnPassword(tx, user, passwordHash);
    }
    const existing = await tx.membership.findUnique({
      where: { userId_accountId: { userId: user.id, accountId: data.accountId } },
    });
    if (existing) return { status: existing.status, accountId: data.accountId, userId: user.id, email: link.email };
    const r = await createRequest(
      tx,
      { kind: "public", ...origin },
      data.accountId,
      user.id,
      data.firstName,
      data.lastName,
    );
    return { status: r.status as string, accountId: data.accountId, userId: user.id, email: link.email };
  });
}

async function createRequest(
  tx: Tx,
  actor: Actor,
  accountId: number,
  userId: number,
  firstName?: string | null,
  lastName?: string | null,
): Promise<JoinResult> {
  const existing = await tx.membership.findUnique({ where: { userId_accountId: { userId, accountId } } });
  if (existing) throw new DomainError("already_member", `You already belong to this account (${existing.status})`);
  const m = await createMembership(tx, { ...actor, kind: "public", userId }, accountId, "member.request_to_join", {
    userId,
    role: "REGULAR",
    status: "REQUESTED",
    profile: { firstName, lastName },
  });
  return { status: "REQUESTED", accountId, userId, membershipId: m.id };
}
