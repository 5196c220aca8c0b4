import "server-only";
import { verifyPassword } from "../auth/passwords";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { limitKey } from "./client-ip";
import { limits, type SlidingCount, slide, unhit } from "./rate-limit";

// Password guessing is limited so that nobody can lock anyone else out
// (README, "Sign-in limits"): failures count per email × address, an address
// failing across many emails waits for all of them, and an email failing from
// very many addresses is slowed to one try a minute per address, never
// locked. An address over a limit is refused before anything counts, so it
// cannot push on anyone else's counters. Windows slide (no burst at an edge).

const WINDOW = 15 * 60;
const SLOW_WINDOW = 60;

const signInKeys = (email: string, ip: string) => {
  const e = email.toLowerCase();
  const net = limitKey(ip);
  return {
    pair: `signin:pair:${e}|${net}`,
    net: `signin:ip:${net}`,
    email: `signin:email:${e}`,
    slow: `signin:slow:${e}|${net}`,
  };
};

const reached = (c: SlidingCount, limit: number) => limit > 0 && c.count >= limit;

/** Seconds until `email` may be tried from `ip`, or null; counts nothing. */
export async function signInLocked(email: string, ip: string): Promise<number | null> {
  const l = limits();
  const k = signInKeys(email, ip);
  const [pair, net, total, slow] = await Promise.all([
    slide(k.pair, WINDOW),
    slide(k.net, WINDOW),
    slide(k.email, WINDOW),
    slide(k.slow, SLOW_WINDOW),
  ]);
  if (reached(net, l.signInPerIp)) return net.retryAfter(l.signInPerIp);
  if (reached(pair, l.signInPerEmail)) return pair.retryAfter(l.signInPerEmail);
  if (reached(total, l.signInPerEmailTotal) && reached(slow, 1)) return slow.retryAfter(1);
  return null;
}

/**
 * One password check under the limits, race-free: the attempt is counted
 * before the (slow) hash is compared, so parallel guesses cannot all pass the
 * check; a right password takes its counts back. Answers the seconds to wait
 * when refused, else whether `verify` said yes.
 */
export async function guardedAttempt(
  email: string,
  ip: string,
  verify: () => Promise<boolean>,
): Promise<{ locked: number } | { ok: boolean }> {
  const wait = await signInLocked(email, ip);
  if (wait !== null) return { locked: wait };
  const l = limits();
  const k = signInKeys(email, ip);
  const [pair, net, total] = await Promise.all([
    slide(k.pair, WINDOW, 1),
    slide(k.net, WINDOW, 1),
    slide(k.email, WINDOW, 1),
  ]);
  if (l.signInPerIp > 0 && net.count > l.signInPerIp) return { locked: net.retryAfter(l.signInPerIp) };
  if (l.signInPerEmail > 0 && pair.count > l.signInPerEmail) return { locked: pair.retryAfter(l.signInPerEmail) };
  if (l.signInPerEmailTotal > 0 && total.count > l.signInPerEmailTotal) {
    const slow = await slide(k.slow, SLOW_WINDOW, 1);
    if (slow.count > 1) return { locked: slow.retryAfter(1) };
  }
  const ok = await verify();
  if (ok) await Promise.all([k.pair, k.net, k.email].map((key) => unhit(key, WINDOW)));
  return { ok };
}

/** A completed password reset proves the mailbox: the email's sign-in counts start over, from every address. */
export async function liftSignInLock(email: string): Promise<void> {
  const e = email.toLowerCase();
  const db = await getDb();
  // Prefixes compared as text, not LIKE: an email's _ or % must not reach other emails' counters.
  await db.$executeRaw`
    DELETE FROM "RateLimitBucket"
    WHERE "key" = ${`signin:email:${e}`}
       OR left("key", length(${`signin:pair:${e}|`})) = ${`signin:pair:${e}|`}
       OR left("key", length(${`signin:slow:${e}|`})) = ${`signin:slow:${e}|`}`;
}

const MAIL_WINDOW = 3600;

/** Who a mail is sent on behalf of: a client address (public pages, the person's own login) or an account's admins. */
export type MailSender = { ip: string } | { accountId: number };

/**
 * Every mail Roster sends counts against its recipient: per sender (a client
 * address or an account) and from everyone together, and mail asked for by a
 * public page also per client address. Existing or not, so it neither floods
 * a mailbox nor probes; an over-limit sender is refused before it counts, and
 * one sender alone cannot use up the recipient's budget.
 */
export async function enforceMailLimit(email: string, sender: MailSender): Promise<void> {
  const l = limits();
  const e = email.toLowerCase();
  const from = "ip" in sender ? limitKey(sender.ip) : `account:${sender.accountId}`;
  const budgets: [key: string, limit: number][] = [
    [`mail:pair:${e}|${from}`, l.mailPerEmail],
    [`mail:email:${e}`, l.mailPerEmailTotal],
    ...("ip" in sender ? [[`mail:ip:${from}`, l.mailPerIp] as [string, number]] : []),
  ];
  const refuse = (wait: number) =>
    new DomainError("rate_limited", `Too many messages to this address; retry in ${wait} s`, [], wait);
  const now = await Promise.all(budgets.map(([key]) => slide(key, MAIL_WINDOW)));
  budgets.forEach(([, limit], i) => {
    if (reached(now[i], limit)) throw refuse(now[i].retryAfter(limit));
  });
  const after = await Promise.all(budgets.map(([key]) => slide(key, MAIL_WINDOW, 1)));
  budgets.forEach(([, limit], i) => {
    if (limit > 0 && after[i].count > limit) throw refuse(after[i].retryAfter(limit));
  });
}

/**
 * A password check outside sign-in (for example confirming the current
 * password): it counts toward the same limits as sign-in.
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
