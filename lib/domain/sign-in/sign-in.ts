import "server-only";
import { z } from "zod";
import type { Origin } from "../../platform/auth/actor";
import { MAX_PASSWORD_LENGTH, verifyPassword } from "../../platform/auth/passwords";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { guardedAttempt } from "../../platform/limits/sign-in-guard";
import { emailSchema } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { inTransaction, type Tx } from "../tx";
import { failChallenge, lockChallenge, openChallenge, spendChallenge } from "./challenge";
import { spendCode } from "./factor-state";
import { levelOf, type MintedSession, mintSession, type SignInMethod } from "./sessions";

// Signing in with a password, then (for a person who has one) a second
// factor. Every outcome that begins a session goes through mintSession.

export type SecondFactorKind = "totp" | "webauthn" | "recovery_code";

export type SignInOutcome =
  | { status: "complete"; session: MintedSession }
  | { status: "needs_second_factor"; factors: SecondFactorKind[]; pending: string };

const WRONG = "That email and password do not match an account";
const wrong = () => new DomainError("unauthenticated", WRONG);
const locked = (s: number) => new DomainError("rate_limited", `Too many failed attempts; retry in ${s} s`, [], s);

/** A second factor's proof: an authenticator code or a recovery code. */
const proofSchema = z
  .object({
    code: z.string().trim().max(20).optional(),
    recoveryCode: z.string().trim().max(40).optional(),
  })
  .refine((p) => Boolean(p.code) !== Boolean(p.recoveryCode), "Send either code or recoveryCode");

/** The kinds of second factor a person has confirmed (none: a password alone signs them in). */
export async function factorKindsOf(userId: number, tx?: Tx): Promise<SecondFactorKind[]> {
  const db = tx ?? (await getDb());
  const rows = await db.secondFactor.findMany({
    where: { userId, confirmedAt: { not: null } },
    select: { type: true },
    distinct: ["type"],
  });
  if (rows.length === 0) return [];
  const kinds = rows.map((r) => r.type as SecondFactorKind);
  const codes = await db.recoveryCode.count({ where: { userId, usedAt: null } });
  return [...kinds.sort(), ...(codes > 0 ? (["recovery_code"] as const) : [])];
}

/** A failed attempt against a known person, for their own login history (never the password). */
function noteFailure(userId: number, origin: Origin, step: "password" | "second_factor") {
  void inTransaction((tx) =>
    recordAudit(
      tx,
      { kind: "public", ...origin },
      { accountId: null, action: "user.sign_in_failed", targetType: "user", targetId: userId, after: { step } },
    ),
  ).catch(() => {});
}

/**
 * The person an email and password name, or null (no limits counted, no
 * session minted; an unknown email costs a hash like a known one).
 */
export async function checkPassword(email: unknown, password: unknown): Promise<{ id: number } | null> {
  const found = await passwordOwner(email, password);
  return found?.ok ? { id: found.id } : null;
}

/** The person an email names (if any) and whether the password is theirs: one lookup, one hash. */
async function passwordOwner(email: unknown, password: unknown): Promise<{ id: number; ok: boolean } | null> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success || typeof password !== "string") return null;
  const db = await getDb();
  const found = await db.user.findUnique({ where: { email: parsed.data }, select: { id: true, passwordHash: true } });
  const ok = await verifyPassword(found?.passwordHash ?? null, password);
  return found ? { id: found.id, ok } : null;
}

/**
 * Email and password, under the sign-in limits. One answer for an unknown
 * email and a wrong password. A person with a second factor gets a pending
 * sign-in (or, when the proof came along, the session at once).
 */
export async function signInWithPassword(
  origin: Origin,
  raw: { email: unknown; password: unknown; code?: unknown; recoveryCode?: unknown },
): Promise<SignInOutcome> {
  const email = emailSchema.safeParse(typeof raw.email === "string" ? raw.email.trim().slice(0, 254) : raw.email);
  const password = typeof raw.password === "string" ? raw.password.slice(0, MAX_PASSWORD_LENGTH + 1) : null;
  if (!email.success || password === null) throw wrong();
  let user: { id: number } | null = null;
  const attempt = await guardedAttempt(email.data, origin.ip ?? "unknown", async () => {
    const found = await passwordOwner(email.data, password);
    if (found && !found.ok) noteFailure(found.id, origin, "password");
    user = found?.ok ? { id: found.id } : null;
    return user !== null;
  });
  if ("locked" in attempt) throw locked(attempt.locked);
  const person = user as { id: number } | null;
  if (!person) throw wrong();
  const factors = await factorKindsOf(person.id);
  if (factors.length === 0) {
    return { status: "complete", session: await mintSession(person, { methods: ["pwd"], level: 1 }, origin) };
  }
  if (raw.code !== undefined || raw.recoveryCode !== undefined) {
    const session = await proveSecondFactor(origin, email.data, person.id, ["pwd"], raw);
    return { status: "complete", session };
  }
  return { status: "needs_second_factor", factors, pending: await openChallenge(person.id, ["pwd"], origin.userAgent) };
}

/** The second step of a pending sign-in: the cookie it began with and a code. */
export async function completeSecondFactor(
  origin: Origin,
  pending: unknown,
  raw: { code?: unknown; recoveryCode?: unknown },
): Promise<MintedSession> {
  const db = await getDb();
  // Who the pending sign-in is for, read without spending it: the code counts in their lockout first.
  const challenge = await inTransaction((tx) => lockChallenge(tx, pending, origin.userAgent));
  const userId = challenge.userId;
  if (userId === null) throw new DomainError("sign_in_expired", "Sign in with your email and password first");
  const person = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  try {
    return await proveSecondFactor(origin, person.email ?? "", userId, challenge.methods, raw, {
      pending,
      idHash: challenge.idHash,
    });
  } catch (e) {
    if (e instanceof DomainError && e.code === "unauthenticated") await failChallenge(challenge.idHash);
    throw e;
  }
}

/**
 * Checks and spends a second factor's proof, under the same limits as a
 * password, then mints the session in the same transaction (and spends the
 * pending sign-in there too, so a cookie replayed in parallel mints nothing).
 */
async function proveSecondFactor(
  origin: Origin,
  email: string,
  userId: number,
  before: SignInMethod[],
  raw: { code?: unknown; recoveryCode?: unknown },
  challenge?: { pending: unknown; idHash: string },
): Promise<MintedSession> {
  const proof = proofSchema.safeParse({ code: raw.code, recoveryCode: raw.recoveryCode });
  if (!proof.success) {
    throw new DomainError("invalid_input", "Send the 6-digit code from your authenticator app, or a recovery code", [
      { field: "code", message: "is required" },
    ]);
  }
  let minted: MintedSession | null = null;
  const attempt = await guardedAttempt(email, origin.ip ?? "unknown", async () => {
    minted = await inTransaction(async (tx) => {
      if (challenge) await lockChallenge(tx, challenge.pending, origin.userAgent);
      const method = await spendCode(tx, userId, proof.data);
      if (!method) return null;
      if (challenge) await spendChallenge(tx, challenge.idHash);
      const methods = [...before, method];
      return mintSession({ id: userId }, { methods, level: levelOf(methods) }, origin, tx);
    });
    return minted !== null;
  });
  if ("locked" in attempt) throw locked(attempt.locked);
  if (!minted) {
    noteFailure(userId, origin, "second_factor");
    throw new DomainError("unauthenticated", "That code is not right, or was already used");
  }
  return minted;
}
