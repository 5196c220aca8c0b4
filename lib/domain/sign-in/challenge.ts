import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { hashSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import type { Tx } from "../tx";
import type { SignInMethod } from "./sessions";

// A sign-in past its first factor waits for the second under a pending
// cookie: random, stored hashed, five minutes, single use, from the browser
// that began it (its user agent), and dead after five wrong codes.

export const CHALLENGE_TTL_S = 5 * 60;
const MAX_FAILURES = 5;

export const browserHash = (userAgent: string | null | undefined) =>
  createHash("sha256")
    .update(`roster-browser:${userAgent ?? ""}`)
    .digest("base64url");

const idHashOf = (token: string) => hashSecret(`sign-in-challenge:${token}`);

/** Opens a pending sign-in for `userId`: answers the cookie's value. */
export async function openChallenge(
  userId: number | null,
  methods: SignInMethod[],
  userAgent: string | null | undefined,
  webauthnChallenge?: string,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const db = await getDb();
  await db.signInChallenge.create({
    data: {
      idHash: idHashOf(token),
      userId,
      methods,
      browserHash: browserHash(userAgent),
      webauthnChallenge: webauthnChallenge ?? null,
      expiresAt: new Date(Date.now() + CHALLENGE_TTL_S * 1000),
    },
  });
  await db.signInChallenge.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 3_600_000) } } });
  return token;
}

export interface OpenChallenge {
  idHash: string;
  /** Null: a passkey sign-in whose passkey has not named its person yet. */
  userId: number | null;
  methods: SignInMethod[];
  webauthnChallenge: string | null;
}

const gone = () => new DomainError("sign_in_expired", "This sign-in has expired or was already used: sign in again");

/** The pending sign-in a cookie names, locked for this transaction; refused when used, expired or from another browser. */
export async function lockChallenge(
  tx: Tx,
  token: unknown,
  userAgent: string | null | undefined,
): Promise<OpenChallenge> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw gone();
  const idHash = idHashOf(token);
  const [row] = await tx.$queryRaw<
    { userId: number | null; methods: string[]; browserHash: string; webauthnChallenge: string | null; live: boolean }[]
  >`SELECT "userId", methods, "browserHash", "webauthnChallenge",
           ("usedAt" IS NULL AND "expiresAt" > now() AND failures < ${MAX_FAILURES}) AS live
    FROM "SignInChallenge" WHERE "idHash" = ${idHash} FOR UPDATE`;
  if (!row?.live || row.browserHash !== browserHash(userAgent)) throw gone();
  return {
    idHash,
    userId: row.userId,
    methods: row.methods as SignInMethod[],
    webauthnChallenge: row.webauthnChallenge,
  };
}

export async function spendChallenge(tx: Tx, idHash: string): Promise<void> {
  await tx.signInChallenge.update({ where: { idHash }, data: { usedAt: new Date() } });
}

/** Keeps a WebAuthn challenge on a pending sign-in (the passkey's answer must sign it). */
export async function setChallengeWebauthn(idHash: string, challenge: string): Promise<void> {
  const db = await getDb();
  await db.signInChallenge.updateMany({ where: { idHash, usedAt: null }, data: { webauthnChallenge: challenge } });
}

/** A wrong code against a pending sign-in: after five, the sign-in must start over. */
export async function failChallenge(idHash: string): Promise<void> {
  const db = await getDb();
  await db.signInChallenge.updateMany({ where: { idHash }, data: { failures: { increment: 1 } } });
}
