import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { MAX_PASSWORD_LENGTH, verifyPassword } from "../../platform/auth/passwords";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { guardedAttempt } from "../../platform/limits/sign-in-guard";
import { parseId, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { inTransaction, type Tx } from "../tx";
import { confirmedFactors, loginEvent, spendCode } from "./factor-state";
import { assertRecentlyVerified, sessionOwner } from "./owner";
import { recoveryCodesLeft, replaceRecoveryCodes } from "./recovery-codes";
import { newTotpSecret, totpStep } from "./totp";

// A person's own second factors: only they add or remove them (SPEC §1, §7),
// each change after a recent verification, each audited.

export interface FactorView {
  id: number;
  type: "totp" | "webauthn";
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The signed-in person's confirmed factors and how many recovery codes remain. */
export async function listOwnFactors(actor: Actor): Promise<{ factors: FactorView[]; recoveryCodesLeft: number }> {
  const { userId } = sessionOwner(actor);
  const db = await getDb();
  const rows = await db.secondFactor.findMany({
    where: { userId, confirmedAt: { not: null } },
    orderBy: { id: "asc" },
    select: { id: true, type: true, name: true, createdAt: true, lastUsedAt: true },
  });
  return {
    factors: rows.map((r) => ({ ...r, type: r.type as FactorView["type"] })),
    recoveryCodesLeft: await recoveryCodesLeft(db, userId),
  };
}

const nameSchema = z.string().trim().min(1).max(60);

/** Begins adding an authenticator app: answers its secret once (shown as a QR code and as text). */
export async function startTotpEnrollment(actor: Actor, raw: { name?: unknown } = {}) {
  const { userId } = sessionOwner(actor);
  const { name } = parseInput(z.object({ name: nameSchema.default("Authenticator app") }), { name: raw.name });
  return inTransaction(async (tx) => {
    await assertRecentlyVerified(tx, actor);
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    const { secret, sealed, uri } = newTotpSecret(user.email ?? `user-${userId}`);
    // One enrollment at a time: an unfinished one is replaced.
    await tx.secondFactor.deleteMany({ where: { userId, type: "totp", confirmedAt: null } });
    const row = await tx.secondFactor.create({ data: { userId, type: "totp", name, secretSealed: sealed } });
    return { id: row.id, secret, uri };
  });
}

/**
 * Confirms an authenticator app with a code from it. On a person's first
 * factor, answers ten recovery codes (shown once). The session that did it has
 * now proved two factors.
 */
export async function confirmTotpEnrollment(
  actor: Actor,
  rawId: unknown,
  raw: { code?: unknown },
): Promise<{ recoveryCodes: string[] | null }> {
  const owner = sessionOwner(actor);
  const id = parseId(rawId);
  const { code } = parseInput(z.object({ code: z.string().trim().max(20) }), { code: raw.code });
  const result = await inTransaction(async (tx) => {
    await assertRecentlyVerified(tx, actor);
    // The person's row orders factor changes: two first factors confirmed at once make one set of recovery codes.
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${owner.userId} FOR UPDATE`;
    const factor = id
      ? await tx.secondFactor.findFirst({ where: { id, userId: owner.userId, type: "totp", confirmedAt: null } })
      : null;
    if (!factor?.secretSealed) throw new DomainError("not_found", "No authenticator app is waiting for confirmation");
    const step = totpStep(factor.secretSealed, code);
    if (step === null) return null;
    const first = (await confirmedFactors(tx, owner.userId)) === 0;
    await tx.secondFactor.update({
      where: { id: factor.id },
      data: { confirmedAt: new Date(), lastStep: step, lastUsedAt: new Date() },
    });
    const recoveryCodes = first ? await replaceRecoveryCodes(tx, owner.userId) : null;
    await upgradeSession(tx, owner.sid, "otp");
    await recordAudit(tx, actor, loginEvent(owner.userId, "user.factor_added", { type: "totp", name: factor.name }));
    return { recoveryCodes };
  });
  if (!result) {
    throw new DomainError("invalid_input", "That code does not match: check the app's clock and try the next code", [
      { field: "code", message: "does not match" },
    ]);
  }
  return result;
}

/** A session that just proved a possession factor counts as two factors from now on. */
export async function upgradeSession(tx: Tx, sid: string, method: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Session" SET methods = CASE WHEN ${method} = ANY(methods) THEN methods ELSE array_append(methods, ${method}) END,
      level = 2, "verifiedAt" = now()
    WHERE id = ${sid} AND "endedAt" IS NULL`;
}

/** Removes one of the person's own factors; with the last one go the recovery codes. */
export async function removeFactor(actor: Actor, rawId: unknown): Promise<void> {
  const { userId } = sessionOwner(actor);
  const id = parseId(rawId);
  await inTransaction(async (tx) => {
    await assertRecentlyVerified(tx, actor);
    // The person's row is the lock every factor change takes: two removals cannot race past "the last one".
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${userId} FOR UPDATE`;
    const factor = id ? await tx.secondFactor.findFirst({ where: { id, userId } }) : null;
    if (!factor) throw new DomainError("not_found", "You have no such factor");
    await tx.secondFactor.delete({ where: { id: factor.id } });
    const left = await confirmedFactors(tx, userId);
    if (left === 0) await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordAudit(tx, actor, loginEvent(userId, "user.factor_removed", { type: factor.type, name: factor.name }));
  });
}

/** A new set of ten recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(actor: Actor): Promise<{ recoveryCodes: string[] }> {
  const { userId } = sessionOwner(actor);
  return inTransaction(async (tx) => {
    await assertRecentlyVerified(tx, actor);
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${userId} FOR UPDATE`;
    if ((await confirmedFactors(tx, userId)) === 0) {
      throw new DomainError("invalid_transition", "Add an authenticator app or a passkey first");
    }
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await recordAudit(tx, actor, loginEvent(userId, "user.recovery_codes_regenerated"));
    return { recoveryCodes };
  });
}

/**
 * Step-up: the session proves itself again (a second factor; the password for
 * a person who has none), under the sign-in limits. Sensitive acts then run
 * for ten minutes.
 */
export async function reverify(actor: Actor, raw: { password?: unknown; code?: unknown; recoveryCode?: unknown }) {
  const owner = sessionOwner(actor);
  const input = parseInput(
    z
      .object({
        password: z.string().max(MAX_PASSWORD_LENGTH).optional(),
        code: z.string().trim().max(20).optional(),
        recoveryCode: z.string().trim().max(40).optional(),
      })
      .strict(),
    raw,
  );
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({
    where: { id: owner.userId },
    select: { email: true, passwordHash: true },
  });
  const hasFactor = (await confirmedFactors(db, owner.userId)) > 0;
  if (hasFactor && !input.code && !input.recoveryCode) {
    throw new DomainError("invalid_input", "Enter a code from your authenticator app or a recovery code", [
      { field: "code", message: "is required" },
    ]);
  }
  if (!hasFactor && !input.password) {
    throw new DomainError("invalid_input", "Enter your password", [{ field: "password", message: "is required" }]);
  }
  const attempt = await guardedAttempt(user.email ?? "", owner.ip, async () =>
    inTransaction(async (tx) => {
      const ok = !hasFactor
        ? await verifyPassword(user.passwordHash, input.password ?? "")
        : (await spendCode(tx, owner.userId, input)) !== null;
      if (!ok) return false;
      const done = await tx.session.updateMany({
        where: { id: owner.sid, endedAt: null },
        data: { verifiedAt: new Date() },
      });
      return done.count === 1;
    }),
  );
  if ("locked" in attempt) {
    throw new DomainError("rate_limited", `Too many failed attempts; retry in ${attempt.locked} s`, [], attempt.locked);
  }
  if (!attempt.ok) {
    throw new DomainError("forbidden", hasFactor ? "That code is not right" : "That password is not right", [
      { field: hasFactor ? "code" : "password", message: "does not match" },
    ]);
  }
  return { verified: true };
}

/** The operator's way out for a locked-out person (CLI only): every factor and code goes, and every session ends. */
export async function resetFactorsByOperator(email: string): Promise<{ removed: number }> {
  return inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!user) throw new DomainError("not_found", "No login has this email");
    const removed = await tx.secondFactor.deleteMany({ where: { userId: user.id } });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    await recordAudit(
      tx,
      { kind: "system", label: "cli" },
      loginEvent(user.id, "user.factors_reset", { removed: removed.count }),
    );
    return { removed: removed.count };
  });
}
