import "server-only";
import { verifyPassword } from "../auth/passwords";
import { DomainError } from "../errors";
import { hit, limits, peek, unhit } from "./rate-limit";

const WINDOW = 15 * 60;

/**
 * Password guessing: after too many failures for an email (existing or not,
 * so the lock says nothing about existence) or from an address, sign-in waits
 * until the window ends.
 */
export async function signInLocked(email: string, ip: string): Promise<number | null> {
  const l = limits();
  const [byEmail, byIp] = await Promise.all([
    peek(`signin:email:${email.toLowerCase()}`, WINDOW),
    peek(`signin:ip:${ip}`, WINDOW),
  ]);
  if (l.signInPerEmail > 0 && byEmail.count >= l.signInPerEmail) return byEmail.retryAfter;
  if (l.signInPerIp > 0 && byIp.count >= l.signInPerIp) return byIp.retryAfter;
  return null;
}

/**
 * One password check under the lockout, race-free: the attempt is counted
 * before the (slow) hash is compared, so parallel guesses cannot all pass the
 * check; a right password takes its count back. Answers the seconds to wait
 * when locked, else whether `verify` said yes.
 */
export async function guardedAttempt(
  email: string,
  ip: string,
  verify: () => Promise<boolean>,
): Promise<{ locked: number } | { ok: boolean }> {
  const l = limits();
  const keys = [`signin:email:${email.toLowerCase()}`, `signin:ip:${ip}`];
  const [byEmail, byIp] = await Promise.all(keys.map((k) => hit(k, WINDOW)));
  if (l.signInPerEmail > 0 && byEmail.count > l.signInPerEmail) return { locked: byEmail.retryAfter };
  if (l.signInPerIp > 0 && byIp.count > l.signInPerIp) return { locked: byIp.retryAfter };
  const ok = await verify();
  if (ok) await Promise.all(keys.map((k) => unhit(k, WINDOW)));
  return { ok };
}

const MAIL_WINDOW = 3600;

/**
 * Public endpoints that mail a link (join, forgot password): limited per
 * address and per email, whether or not the email exists, so they can be
 * used neither to flood a mailbox nor to probe.
 */
export async function enforceMailLimit(kind: string, email: string, ip: string): Promise<void> {
  const [byEmail, byIp] = await Promise.all([
    hit(`mail:${kind}:email:${email.toLowerCase()}`, MAIL_WINDOW),
    hit(`mail:${kind}:ip:${ip}`, MAIL_WINDOW),
  ]);
  const l = limits();
  const over = (l.mailPerEmail > 0 && byEmail.count > l.mailPerEmail) || (l.mailPerIp > 0 && byIp.count > l.mailPerIp);
  if (over) {
    const wait = Math.max(byEmail.retryAfter, byIp.retryAfter);
    throw new DomainError("rate_limited", `Too many requests; retry in ${wait} s`, [], wait);
  }
}

/**
 * A password check outside sign-in (for example confirming the current
 * password): it counts toward the same lockout as sign-in.
 */
export async function checkPasswordGuarded(
  email: string,
  stored: string | null,
  password: string,
  ip: string,
): Promise<boolean> {
  const r = await guardedAttempt(email, ip, () => verifyPassword(stored, password));
  if ("locked" in r)
    throw new DomainError("rate_limited", `Too many failed attempts; retry in ${r.locked} s`, [], r.locked);
  return r.ok;
}
