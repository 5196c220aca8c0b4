import "server-only";
import type { AuditAction } from "../events/catalogue";
import type { Tx } from "../tx";
import { spendRecoveryCode } from "./recovery-codes";
import type { SignInMethod } from "./sessions";
import { spendTotpCode } from "./totp";

/** An event about a person's own login (no account owns it). */
export const loginEvent = (userId: number, action: AuditAction, after?: Record<string, unknown>) => ({
  accountId: null,
  action,
  targetType: "user" as const,
  targetId: userId,
  after: after ?? null,
});

/** How many second factors the person has confirmed (unfinished enrolments do not count). */
export const confirmedFactors = (db: Tx, userId: number) =>
  db.secondFactor.count({ where: { userId, confirmedAt: { not: null } } });

/** Spends an authenticator code or a recovery code of the person: the method it proved, or null. */
export async function spendCode(
  tx: Tx,
  userId: number,
  proof: { code?: string; recoveryCode?: string },
): Promise<SignInMethod | null> {
  if (proof.code) return (await spendTotpCode(tx, userId, proof.code)) !== null ? "otp" : null;
  if (proof.recoveryCode) return (await spendRecoveryCode(tx, userId, proof.recoveryCode)) ? "recovery" : null;
  return null;
}
