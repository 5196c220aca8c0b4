import "server-only";
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
