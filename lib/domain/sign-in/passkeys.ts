import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { z } from "zod";
import type { Actor, Origin } from "../../platform/auth/actor";
import { decryptSecret, encryptSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { appUrl } from "../../platform/mail/mailer";
import { parseId, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { inTransaction } from "../tx";
import { failChallenge, lockChallenge, openChallenge, setChallengeWebauthn, spendChallenge } from "./challenge";
import { confirmedFactors, loginEvent } from "./factor-state";
import { upgradeSession } from "./factors";
import { assertRecentlyVerified, sessionOwner } from "./owner";
import { replaceRecoveryCodes } from "./recovery-codes";
import { levelOf, type MintedSession, mintSession, type SignInMethod } from "./sessions";

// Passkeys (WebAuthn, @simplewebauthn/server): several per person, each named;
// a second factor after the password, or a sign-in of their own (a
// discoverable credential) that counts as two factors when the authenticator
// verified its user. A signature counter that goes back is refused and audited.

/** The relying party: its id and the origins a browser may answer from (NEXTAUTH_URL, or as configured). */
export function relyingParty(): { rpID: string; rpName: string; origins: string[] } {
  const app = new URL(appUrl());
  const extra = (process.env.ROSTER_WEBAUTHN_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    rpID: process.env.ROSTER_WEBAUTHN_RP_ID?.trim() || app.hostname,
    rpName: "Roster",
    origins: [app.origin, ...extra],
  };
}

const responseSchema = z.looseObject({ id: z.string().min(1).max(1024), type: z.literal("public-key") });
const refuse = () => new DomainError("unauthenticated", "That passkey could not sign you in");

/** Begins adding a passkey: answers the options for navigator.credentials.create (after a recent verification). */
export async function startPasskeyRegistration(actor: Actor, raw: { name?: unknown } = {}) {
  const { userId } = sessionOwner(actor);
  const { name } = parseInput(z.object({ name: z.string().trim().min(1).max(60).default("Passkey") }), {
    name: raw.name,
  });
  const rp = relyingParty();
  return inTransaction(async (tx) => {
    await assertRecentlyVerified(tx, actor);
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, uid: true } });
    const existing = await tx.secondFactor.findMany({
      where: { userId, type: "webauthn", confirmedAt: { not: null } },
      select: { credentialId: true, transports: true },
    });
    const options = await generateRegistrationOptions({
      rpName: rp.rpName,
      rpID: rp.rpID,
      userName: user.email ?? `user-${userId}`,
      userID: new TextEncoder().encode(user.uid),
      attestationType: "none",
      excludeCredentials: existing.flatMap((c) =>
        c.credentialId ? [{ id: c.credentialId, transports: c.transports }] : [],
      ),
      authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    });
    await tx.secondFactor.deleteMany({ where: { userId, type: "webauthn", confirmedAt: null } });
    // The challenge waits on the unconfirmed factor, sealed like a secret.
    const row = await tx.secondFactor.create({
      data: { userId, type: "webauthn", name, secretSealed: encryptSecret(options.challenge) },
    });
    return { id: row.id, options };
  });
}

/** The browser's answer to the registration: the passkey counts from now on; a first factor answers recovery codes. */
export async function finishPasskeyRegistration(actor: Actor, rawId: unknown, raw: { response?: unknown }) {
  const owner = sessionOwner(actor);
  const id = parseId(rawId);
  const response = parseInput(responseSchema, raw.response);
  const rp = relyingParty();
  return inTransaction(async (tx) => {
    await assertRecentlyVerified(tx, actor);
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${owner.userId} FOR UPDATE`;
    const factor = id
      ? await tx.secondFactor.findFirst({ where: { id, userId: owner.userId, type: "webauthn", confirmedAt: null } })
      : null;
    if (!factor?.secretSealed) throw new DomainError("not_found", "No passkey is waiting to be added");
    const verified = await verifyRegistrationResponse({
      response: response as never,
      expectedChallenge: decryptSecret(factor.secretSealed),
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    }).catch((e: Error) => {
      throw new DomainError("invalid_input", `The passkey's answer was not accepted: ${e.message}`, [
        { field: "response", message: "was not accepted" },
      ]);
    });
    if (!verified.verified) throw new DomainError("invalid_input", "The passkey's answer was not accepted");
    const { credential } = verified.registrationInfo;
    if (await tx.secondFactor.count({ where: { credentialId: credential.id } })) {
      throw new DomainError("conflict", "This passkey is already added");
    }
    const first = (await confirmedFactors(tx, owner.userId)) === 0;
    await tx.secondFactor.update({
      where: { id: factor.id },
      data: {
        secretSealed: null,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey),
        counter: BigInt(credential.counter),
        transports: credential.transports ?? [],
        confirmedAt: new Date(),
        lastUsedAt: new Date(),
      },
    });
    const recoveryCodes = first ? await replaceRecoveryCodes(tx, owner.userId) : null;
    await upgradeSession(tx, owner.sid, "webauthn");
    await recordAudit(
      tx,
      actor,
      loginEvent(owner.userId, "user.factor_added", { type: "webauthn", name: factor.name }),
    );
    return { id: factor.id, recoveryCodes };
  });
}

/**
 * Options for navigator.credentials.get. With a pending sign-in (the password
 * was right), only that person's passkeys; without one, any passkey the
 * browser holds for this site (a passwordless sign-in), under a new pending
 * sign-in whose cookie the caller sets.
 */
export async function passkeySignInOptions(origin: Origin, pending: unknown) {
  const rp = relyingParty();
  let userId: number | null = null;
  let token = typeof pending === "string" ? pending : null;
  let idHash: string | null = null;
  if (token) {
    const open = await inTransaction((tx) => lockChallenge(tx, token, origin.userAgent)).catch(() => null);
    if (open?.userId) {
      userId = open.userId;
      idHash = open.idHash;
    }
  }
  const db = await getDb();
  const mine = userId
    ? await db.secondFactor.findMany({
        where: { userId, type: "webauthn", confirmedAt: { not: null } },
        select: { credentialId: true, transports: true },
      })
    : [];
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: "preferred",
    allowCredentials: mine.flatMap((c) => (c.credentialId ? [{ id: c.credentialId, transports: c.transports }] : [])),
  });
  if (idHash) await setChallengeWebauthn(idHash, options.challenge);
  else token = await openChallenge(null, [], origin.userAgent, options.challenge);
  return { options, pending: token as string, fresh: !idHash };
}

/**
 * A passkey's signed answer: after a password (a second factor), or alone (its
 * person is whoever owns the credential). One use of the pending sign-in; a
 * passkey of another person than the password named is refused.
 */
export async function signInWithPasskey(
  origin: Origin,
  pending: unknown,
  raw: { response?: unknown },
): Promise<MintedSession> {
  const response = parseInput(responseSchema, raw.response);
  const rp = relyingParty();
  let regressed: { userId: number; factorId: number } | null = null;
  let challengeHash: string | null = null;
  try {
    return await inTransaction(async (tx) => {
      const challenge = await lockChallenge(tx, pending, origin.userAgent);
      challengeHash = challenge.idHash;
      if (!challenge.webauthnChallenge) throw refuse();
      const factor = await tx.secondFactor.findFirst({
        where: { credentialId: response.id, type: "webauthn", confirmedAt: { not: null } },
      });
      if (!factor?.publicKey || (challenge.userId !== null && factor.userId !== challenge.userId)) throw refuse();
      const verified = await verifyAuthenticationResponse({
        response: response as never,
        expectedChallenge: challenge.webauthnChallenge,
        expectedOrigin: rp.origins,
        expectedRPID: rp.rpID,
        credential: {
          id: factor.credentialId as string,
          publicKey: new Uint8Array(factor.publicKey),
          counter: Number(factor.counter),
          transports: factor.transports as never,
        },
        requireUserVerification: false,
      }).catch((e: Error) => {
        if (/counter/i.test(e.message)) regressed = { userId: factor.userId, factorId: factor.id };
        throw refuse();
      });
      if (!verified.verified) throw refuse();
      const { newCounter, userVerified } = verified.authenticationInfo;
      await tx.secondFactor.update({
        where: { id: factor.id },
        data: { counter: BigInt(newCounter), lastUsedAt: new Date() },
      });
      await spendChallenge(tx, challenge.idHash);
      const methods: SignInMethod[] = [...challenge.methods, "webauthn"];
      return mintSession({ id: factor.userId }, { methods, level: levelOf(methods, userVerified) }, origin, tx);
    });
  } catch (e) {
    const hash = challengeHash as string | null;
    if (hash && isRefusal(e)) await failChallenge(hash);
    const r = regressed as { userId: number; factorId: number } | null;
    // A counter that went back suggests a cloned authenticator: the person's history shows it.
    if (r) {
      await inTransaction((tx) =>
        recordAudit(
          tx,
          { kind: "public", ...origin },
          loginEvent(r.userId, "user.passkey_counter_regressed", { factor: r.factorId }),
        ),
      );
    }
    throw e;
  }
}

const isRefusal = (e: unknown) => e instanceof DomainError && e.code === "unauthenticated";
