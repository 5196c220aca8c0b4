import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";
import { hashSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import type { Tx } from "../tx";

// Single-use links mailed to an address. Only the mailbox's owner ever sees
// one (never an admin, never an API answer), so following one proves the email.
//
// A link is bound to the state of its person's login when it was issued (the
// session version, which a password change, a reset, an email change and
// "sign out everywhere" move): recovering a login retires every link pending
// before it, whoever asked for them.

export type EmailTokenPurpose = "verify_email" | "reset_password" | "change_email" | "cancel_email_change" | "join";

const TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 7 * 86_400_000,
  reset_password: 3_600_000,
  change_email: 86_400_000,
  cancel_email_change: 86_400_000,
  join: 86_400_000,
};

const hashOf = (purpose: EmailTokenPurpose, token: string) => hashSecret(`email-token:${purpose}:${token}`);

/** A new link token for `purpose`; earlier unused ones of the same person and purpose stop working. */
export async function issueEmailToken(
  tx: Tx,
  input: { purpose: EmailTokenPurpose; email: string; userId?: number | null; data?: Record<string, unknown> },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + TTL_MS[input.purpose]);
  if (input.userId) {
    await tx.emailToken.updateMany({
      where: { userId: input.userId, purpose: input.purpose, usedAt: null },
      data: { usedAt: new Date() },
    });
  }
  // The person the link acts on: named, or (a join link) whoever has the address now.
  const person = await tx.user.findUnique({
    where: input.userId ? { id: input.userId } : { email: input.email },
    select: { sessionVersion: true },
  });
  await tx.emailToken.create({
    data: {
      purpose: input.purpose,
      email: input.email,
      userId: input.userId ?? null,
      userVersion: person?.sessionVersion ?? null,
      tokenHash: hashOf(input.purpose, token),
      data: (input.data ?? {}) as Prisma.InputJsonValue,
      expiresAt,
    },
  });
  return { token, expiresAt };
}

export interface EmailTokenRow {
  id: number;
  purpose: string;
  userId: number | null;
  email: string;
  data: Record<string, unknown>;
}

const wellFormed = (token: unknown): token is string =>
  typeof token === "string" && token.length >= 20 && token.length <= 100;

/** The unused, unexpired token's row (for a page to show what the link is for). */
export async function peekEmailToken(purpose: EmailTokenPurpose, token: string): Promise<EmailTokenRow | null> {
  if (!wellFormed(token)) return null;
  const db = await getDb();
  const row = await db.emailToken.findUnique({ where: { tokenHash: hashOf(purpose, token) } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt < new Date()) return null;
  if (row.userVersion !== null) {
    const person = await db.user.findUnique({
      where: row.userId ? { id: row.userId } : { email: row.email },
      select: { sessionVersion: true },
    });
    if (person?.sessionVersion !== row.userVersion) return null;
  }
  return { ...row, data: (row.data ?? {}) as Record<string, unknown> };
}

/**
 * Uses the token up (atomically: two requests with one link, one wins); a
 * used or expired link, or one its person's login has moved on from, is 410.
 * The person's row stays locked to the end of the transaction, so no recovery
 * commits between this check and the link's effect.
 */
export async function consumeEmailToken(tx: Tx, purpose: EmailTokenPurpose, token: string): Promise<EmailTokenRow> {
  if (!wellFormed(token)) throw expired();
  const tokenHash = hashOf(purpose, token);
  const found = await tx.emailToken.findUnique({ where: { tokenHash } });
  if (!found || found.purpose !== purpose || found.usedAt || found.expiresAt <= new Date()) throw expired();
  if (found.userVersion !== null) {
    // The person first, then the token: the order every writer of a login takes.
    const [person] = found.userId
      ? await tx.$queryRaw<
          { v: number }[]
        >`SELECT "sessionVersion" AS v FROM "User" WHERE id = ${found.userId} FOR UPDATE`
      : await tx.$queryRaw<
          { v: number }[]
        >`SELECT "sessionVersion" AS v FROM "User" WHERE email = ${found.email} FOR UPDATE`;
    if (person?.v !== found.userVersion) throw expired();
  }
  const rows = await tx.$queryRaw<EmailTokenRow[]>`
    UPDATE "EmailToken" SET "usedAt" = now()
    WHERE id = ${found.id} AND "usedAt" IS NULL AND "expiresAt" > now()
    RETURNING id, purpose, "userId", email, data`;
  if (!rows[0]) throw expired();
  return rows[0];
}

/** Retires the person's pending links of these purposes (a cancelled email change). */
export async function retireEmailTokens(tx: Tx, userId: number, purposes: EmailTokenPurpose[]): Promise<number> {
  const r = await tx.emailToken.updateMany({
    where: { userId, purpose: { in: purposes }, usedAt: null },
    data: { usedAt: new Date() },
  });
  return r.count;
}

const expired = () => new DomainError("link_expired", "This link has expired or was already used; ask for a new one");
