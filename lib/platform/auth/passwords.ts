import { hash, verify } from "@node-rs/argon2";
import { DomainError } from "../errors";

// argon2id with OWASP's second recommended profile (19 MiB, 2 passes).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export function validatePassword(password: string, field = "password"): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError("invalid_input", `The password must have at least ${MIN_PASSWORD_LENGTH} characters`, [
      { field, message: `at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new DomainError("invalid_input", `The password may have at most ${MAX_PASSWORD_LENGTH} characters`, [
      { field, message: `at most ${MAX_PASSWORD_LENGTH} characters` },
    ]);
  }
}

export function hashPassword(password: string): Promise<string> {
  validatePassword(password);
  return hash(password, OPTIONS);
}

// A real hash of a random password, verified against when the user does not
// exist, so a wrong email costs the same time as a wrong password.
let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (!stored) {
    decoy ??= hash("decoy-password-never-matches", OPTIONS);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
