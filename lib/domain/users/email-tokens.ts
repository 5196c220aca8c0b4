import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";
import { hashSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import type { Tx } from "../tx";

// Single-use links mailed to an address. Only the mailbox's owner ever sees
// one (never an admin, never an API answer), so following one proves the email.

export type EmailTokenPurpose = "verify_email" | "reset_password" | "change_email" | "join";

const TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 7 * 86_400_000,
  reset_password: 3_600_000,
  change_email: 86_400_000,
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
  await tx.emailToken.create({
    data: {
      purpose: input.purpose,
      email: input.email,
      userId: input.userId ?? null,
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

/** The unused, unexpired token's row (for a page to show what the link is for). */
export async function peekEmailToken(purpose: EmailTokenPurpose, token: string): Promise<EmailTokenRow | null> {
  if (typeof token !== "string" || token.length < 20 || token.length > 100) return null;
  const db = await getDb();
  const row = await db.emailToken.findUnique({ where: { tokenHash: hashOf(purpose, token) } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt < new Date()) return null;
  return { ...row, data: (row.data ?? {}) as Record<string, unknown> };
}

/** Uses the token up (atomically: two requests with one link, one wins); a used or expired link is 410. */
export async function consumeEmailToken(tx: Tx, purpose: EmailTokenPurpose, token: string): Promise<EmailTokenRow> {
  if (typeof token !== "string" || token.length < 20 || token.length > 100) throw expired();
  const rows = await tx.$queryRaw<EmailTokenRow[]>`
    UPDATE "EmailToken" SET "usedAt" = now()
    WHERE "tokenHash" = ${hashOf(purpose, token)} AND purpose = ${purpose} AND "usedAt" IS NULL AND "expiresAt" > now()
    RETURNING id, purpose, "userId", email, data`;
  if (!rows[0]) throw expired();
  return rows[0];
}

const expired = () => new DomainError("link_expired", "This link has expired or was already used; ask for a new one");
