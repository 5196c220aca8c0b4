import "server-only";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { processState } from "../process-state";

// Counters in the database, so every app server shares them; old windows are
// swept now and then.

/** Takes one count back (a sign-in attempt that turned out right). */
export async function unhit(key: string, windowSeconds: number): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
  const db = await getDb();
  await db.$executeRaw`
    UPDATE "RateLimitBucket" SET "count" = GREATEST("count" - 1, 0)
    WHERE "key" = ${key} AND "windowStart" = ${windowStart}`;
}

/** Where a key stands in a sliding window: this window's count plus the overlapping part of the last one's. */
export interface SlidingCount {
  count: number;
  /** Seconds until the count falls below `limit` if nothing more is added. */
  retryAfter(limit: number): number;
}

/**
 * A sliding-window counter (adds `add`, then reads): no burst of twice the
 * limit across a window's edge, as fixed windows allow. One statement.
 */
export async function slide(key: string, windowSeconds: number, add = 0): Promise<SlidingCount> {
  const now = Date.now();
  const windowMs = windowSeconds * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  const db = await getDb();
  const [row] =
    add > 0
      ? await db.$queryRaw<{ cur: number; prev: number | null }[]>`
          WITH up AS (
            INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${key}, ${new Date(start)}, ${add})
            ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + EXCLUDED."count"
            RETURNING "count")
          SELECT (SELECT "count" FROM up) AS cur,
                 (SELECT "count" FROM "RateLimitBucket" WHERE "key" = ${key} AND "windowStart" = ${new Date(start - windowMs)}) AS prev`
      : await db.$queryRaw<{ cur: number | null; prev: number | null }[]>`
          SELECT (SELECT "count" FROM "RateLimitBucket" WHERE "key" = ${key} AND "windowStart" = ${new Date(start)}) AS cur,
                 (SELECT "count" FROM "RateLimitBucket" WHERE "key" = ${key} AND "windowStart" = ${new Date(start - windowMs)}) AS prev`;
  if (Math.random() < 0.001) void sweep();
  const cur = Number(row?.cur ?? 0);
  const prev = Number(row?.prev ?? 0);
  const at = (t: number) => {
    if (t < start + windowMs) return prev * (1 - (t - start) / windowMs) + cur;
    if (t < start + 2 * windowMs) return cur * (1 - (t - start - windowMs) / windowMs);
    return 0;
  };
  return {
    count: at(now),
    retryAfter(limit) {
      const step = Math.max(1000, windowMs / 200);
      for (let t = now; t < start + 2 * windowMs; t += step)
        if (at(t) < limit) return Math.max(1, Math.ceil((t - now) / 1000));
      return Math.max(1, Math.ceil((start + 2 * windowMs - now) / 1000));
    },
  };
}

// Request limits count in memory and reach the shared counters in batches:
// a request costs no database write, and every app server still sees the
// others' counts within a flush interval.

interface Counter {
  /** The shared count after our last flush. */
  shared: number;
  /** Ours, being added to the shared count right now. */
  inFlight: number;
  /** Ours, not yet flushed. */
  pending: number;
}

const FLUSH_MS = 250;
const state = processState("rate-limits", () => ({
  counters: new Map<string, Counter>(),
  timer: undefined as ReturnType<typeof setTimeout> | undefined,
}));
const counters = state.counters;

function scheduleFlush(ms: number) {
  state.timer ??= setTimeout(() => void flushCounters(), ms);
  state.timer.unref?.();
}

const windowOf = (windowSeconds: number, now = Date.now()) => {
  const windowMs = windowSeconds * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  return { start, retryAfter: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
};

/** Where a caller stands against one limit (the IETF RateLimit header fields). */
export interface LimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

/** Counts one request against `limit` per `windowSeconds`; over it, a 429 with Retry-After. */
export async function enforce(key: string, limit: number, windowSeconds = 60): Promise<LimitState | null> {
  if (limit <= 0) return null; // 0 disables
  const { start, retryAfter } = windowOf(windowSeconds);
  const id = `${start}|${key}`;
  const counter = counters.get(id) ?? { shared: 0, inFlight: 0, pending: 0 };
  counters.set(id, counter);
  counter.pending += 1;
  scheduleFlush(FLUSH_MS);
  const used = counter.shared + counter.inFlight + counter.pending;
  if (used > limit) {
    throw new DomainError("rate_limited", `Too many requests; retry in ${retryAfter} s`, [], retryAfter, {
      limit,
      remaining: 0,
      reset: retryAfter,
    });
  }
  return { limit, remaining: Math.max(0, limit - used), reset: retryAfter };
}

/** A 429 if `key` has used up `limit` already (nothing counted). */
export function assertUnder(key: string, limit: number, windowSeconds = 60): void {
  if (limit <= 0) return;
  const { start, retryAfter } = windowOf(windowSeconds);
  const counter = counters.get(`${start}|${key}`);
  const used = counter ? counter.shared + counter.inFlight + counter.pending : 0;
  if (used >= limit) {
    throw new DomainError("rate_limited", `Too many requests; retry in ${retryAfter} s`, [], retryAfter, {
      limit,
      remaining: 0,
      reset: retryAfter,
    });
  }
}

/** The IETF RateLimit header fields of the tightest limit seen, set on a response. */
export function withRateLimitHeaders(response: Response, state: LimitState | null | undefined): Response {
  if (!state) return response;
  const set = (h: Headers) => {
    h.set("RateLimit-Limit", String(state.limit));
    h.set("RateLimit-Remaining", String(state.remaining));
    h.set("RateLimit-Reset", String(state.reset));
  };
  try {
    set(response.headers);
    return response;
  } catch {
    // Immutable headers (a fetched or cloned answer): copy it.
    const copy = new Response(response.body, response);
    set(copy.headers);
    return copy;
  }
}

/** The tighter of two limit states (fewer requests left). */
export const tighter = (a: LimitState | null, b: LimitState | null) =>
  !a ? b : !b ? a : a.remaining <= b.remaining ? a : b;

/** Adds our pending counts to the shared ones and learns the totals; old windows are forgotten. */
export async function flushCounters(): Promise<void> {
  state.timer = undefined;
  const now = Date.now();
  const batch: { id: string; key: string; start: number; count: number }[] = [];
  for (const [id, counter] of counters) {
    const bar = id.indexOf("|");
    const start = Number(id.slice(0, bar));
    if (start < now - 3_600_000) counters.delete(id);
    else if (counter.pending > 0) batch.push({ id, key: id.slice(bar + 1), start, count: counter.pending });
  }
  if (batch.length === 0) return;
  const settle = (failed: boolean) => {
    for (const b of batch) {
      const counter = counters.get(b.id);
      if (!counter) continue;
      counter.inFlight -= b.count;
      if (failed) counter.pending += b.count;
    }
  };
  for (const b of batch) {
    const counter = counters.get(b.id);
    if (!counter) continue;
    counter.pending -= b.count;
    counter.inFlight += b.count;
  }
  try {
    const db = await getDb();
    const rows = await db.$queryRaw<{ key: string; windowStart: Date; count: number }[]>`
      INSERT INTO "RateLimitBucket" ("key", "windowStart", "count")
      SELECT b.key, b.start, b.count
      FROM json_to_recordset(${JSON.stringify(batch.map((b) => ({ key: b.key, start: new Date(b.start).toISOString(), count: b.count })))}::json)
        AS b(key text, start timestamp(3), count int)
      ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + EXCLUDED."count"
      RETURNING "key", "windowStart", "count"`;
    settle(false);
    for (const row of rows) {
      const counter = counters.get(`${row.windowStart.getTime()}|${row.key}`);
      if (counter) counter.shared = Math.max(counter.shared, Number(row.count));
    }
    if (Math.random() < 0.01) void sweep();
  } catch {
    // The database is away: keep counting here and add ours next time.
    settle(true);
    scheduleFlush(FLUSH_MS * 4);
  }
}

async function sweep() {
  const db = await getDb();
  await db.rateLimitBucket
    // Two hours: a sliding hour-long window still reads the hour before the current one.
    .deleteMany({ where: { windowStart: { lt: new Date(Date.now() - 2 * 3_600_000) } } })
    .catch(() => {});
}

const num = (v: string | undefined, fallback: number) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback);

/** Limits from the environment (requests per minute; 0 turns one off). */
export const limits = () => ({
  perKey: num(process.env.ROSTER_RATE_LIMIT_KEY, 600),
  perIp: num(process.env.ROSTER_RATE_LIMIT_IP, 1200),
  /** SCIM requests a minute per account (40 a second): identity providers sync in bursts. */
  scimPerAccount: num(process.env.ROSTER_SCIM_RATE_LIMIT, 2400),
  /** Failed sign-ins for one email from one address (an IPv6 /64) in 15 minutes: that pair waits. */
  signInPerEmail: num(process.env.ROSTER_SIGNIN_LIMIT_EMAIL, 10),
  /** Failed sign-ins for one email from everywhere in 15 minutes: past it, each address gets one try a minute. */
  signInPerEmailTotal: num(process.env.ROSTER_SIGNIN_LIMIT_EMAIL_TOTAL, 100),
  signInPerIp: num(process.env.ROSTER_SIGNIN_LIMIT_IP, 50),
  /** Mail to one address from one sender (a client address, or an account's admins) an hour. */
  mailPerEmail: num(process.env.ROSTER_MAIL_LIMIT_EMAIL, 5),
  /** Mail to one address from every sender together an hour. */
  mailPerEmailTotal: num(process.env.ROSTER_MAIL_LIMIT_EMAIL_TOTAL, 20),
  /** Links mailed by public endpoints (join, forgot password) per client address an hour. */
  mailPerIp: num(process.env.ROSTER_MAIL_LIMIT_IP, 30),
});
