import "server-only";
import { randomInt } from "node:crypto";
import { hashSecret } from "../../platform/auth/api-key";
import type { Tx } from "../tx";

// Ten single-use codes, shown once, stored hashed (keyed HMAC: 50 random bits
// each, and every try counts in the sign-in lockout).

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

const hashOf = (userId: number, code: string) => hashSecret(`recovery-code:${userId}:${normalize(code)}`);

/** What a person may type: any case, with or without the dash and spaces. */
const normalize = (code: string) => code.toLowerCase().replace(/[\s-]/g, "");

function newCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

/** A fresh set: the old codes stop working. Answers the codes, to be shown once. */
export async function replaceRecoveryCodes(tx: Tx, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashOf(userId, c) })) });
  return codes;
}

/** Uses one code, once: two requests with the same code cannot both succeed. */
export async function spendRecoveryCode(tx: Tx, userId: number, code: string): Promise<boolean> {
  if (normalize(code).length !== 10) return false;
  const used = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: hashOf(userId, code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return used.count === 1;
}

export async function recoveryCodesLeft(tx: Tx, userId: number): Promise<number> {
  return tx.recoveryCode.count({ where: { userId, usedAt: null } });
}
