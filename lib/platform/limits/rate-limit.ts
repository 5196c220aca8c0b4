import "server-only";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { processState } from "../process-state";

/**
 * Fixed-window counters in the database, so every app server shares them.
 * One atomic upsert per check (sign-in failures: rare, and they must count at
 * once); old windows are swept now and then.
 */
export async function hit(key: string, windowSeconds: number): Promise<{ count: number; retryAfter: number }> {
  const now = Date.now();
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const db = await getDb();
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
    RETURNING "count"`;
  if (Math.random() < 0.001) void sweep();
  return {
    count: Number(rows[0]?.count ?? 1),
    retryAfter: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000)),
  };
}

/** Takes one count back (a sign-in attempt that turned out right). */
export async function unhit(key: string, windowSeconds: number): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
  const db = await getDb();
  await db.$executeRaw`
    UPDATE "RateLimitBucket" SET "count" = GREATEST("count" - 1, 0)
    WHERE "key" = ${key} AND "windowStart" = ${windowStart}`;
}

/** The current count without adding to it. */
export async function peek(key: string, windowSeconds: number): Promise<{ count: number; retryAfter: number }> {
  const now = Date.now();
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const db = await getDb();
  const row = await db.rateLimitBucket.findUnique({ where: { key_windowStart: { key, windowStart } } });
  return {
    count: row?.count ?? 0,
    retryAfter: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000)),
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
    .deleteMany({ where: { windowStart: { lt: new Date(Date.now() - 3_600_000) } } })
    .catch(() => {});
}

const num = (v: string | undefined, fallback: number) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback);

/** Limits from the environment (requests per minute; 0 turns one off). */
export const limits = () => ({
  perKey: num(process.env.ROSTER_RATE_LIMIT_KEY, 600),
  perIp: num(process.env.ROSTER_RATE_LIMIT_IP, 1200),
  /** SCIM requests a minute per account (40 a second): identity providers sync in bursts. */
  scimPerAccount: num(process.env.ROSTER_SCIM_RATE_LIMIT, 2400),
  signInPerEmail: num(process.env.ROSTER_SIGNIN_LIMIT_EMAIL, 10),
  signInPerIp: num(process.env.ROSTER_SIGNIN_LIMIT_IP, 50),
  /** Links mailed by public endpoints (join, forgot password), per email and per address, an hour. */
  mailPerEmail: num(process.env.ROSTER_MAIL_LIMIT_EMAIL, 5),
  mailPerIp: num(process.env.ROSTER_MAIL_LIMIT_IP, 30),
});
