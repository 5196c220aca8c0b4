import "server-only";
import { generateSecret, generateURI, verifySync } from "otplib";
import { decryptSecret, encryptSecret } from "../../platform/auth/api-key";
import type { Tx } from "../tx";

// Authenticator apps (RFC 6238: SHA-1, 6 digits, 30 s). The secret is sealed
// at rest; a code is accepted within one step either side, and once only: the
// step it matched is stored, and a code of that step or an earlier one is refused.

const ISSUER = "Roster";

export function newTotpSecret(email: string): { secret: string; sealed: string; uri: string } {
  const secret = generateSecret();
  return { secret, sealed: encryptSecret(secret), uri: generateURI({ issuer: ISSUER, label: email, secret }) };
}

/** The time step `code` matches for a sealed secret (±1 step), or null. */
export function totpStep(sealed: string, code: string): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const r = verifySync({ secret: decryptSecret(sealed), token: code, epochTolerance: 30 });
  // The TOTP result names the step's start (seconds): the step is that over the period.
  return r.valid ? Math.floor((r as unknown as { epoch: number }).epoch / 30) : null;
}

/**
 * Checks a code against the person's confirmed authenticators and spends it:
 * the conditional update lets one request only use a step.
 */
export async function spendTotpCode(tx: Tx, userId: number, code: string): Promise<number | null> {
  const factors = await tx.secondFactor.findMany({
    where: { userId, type: "totp", confirmedAt: { not: null } },
    select: { id: true, secretSealed: true },
  });
  for (const f of factors) {
    const step = f.secretSealed ? totpStep(f.secretSealed, code) : null;
    if (step === null) continue;
    const spent = await tx.$executeRaw`
      UPDATE "SecondFactor" SET "lastStep" = ${step}, "lastUsedAt" = now()
      WHERE id = ${f.id} AND ("lastStep" IS NULL OR "lastStep" < ${step})`;
    if (spent === 1) return f.id;
  }
  return null;
}
