import "server-only";
import { verifyPassword } from "../auth/passwords";
import { DomainError } from "../errors";
import { hit, limits, peek } from "./rate-limit";

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

export async function recordSignInFailure(email: string, ip: string): Promise<void> {
  await Promise.all([hit(`signin:email:${email.toLowerCase()}`, WINDOW), hit(`signin:ip:${ip}`, WINDOW)]);
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
  const wait = await signInLocked(email, ip);
  if (wait) throw new DomainError("rate_limited", `Too many failed attempts; retry in ${wait} s`, [], wait);
  const ok = await verifyPassword(stored, password);
  if (!ok) await recordSignInFailure(email, ip);
  return ok;
}
