import "server-only";
import { getDb } from "../db/client";
import { DomainError } from "../errors";

/**
 * Fixed-window counters in the database, so every app server shares them.
 * One atomic upsert per check; old windows are swept now and then.
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

/** Counts one request against `limit` per `windowSeconds`; over it, a 429 with Retry-After. */
export async function enforce(key: string, limit: number, windowSeconds = 60): Promise<void> {
  if (limit <= 0) return; // 0 disables
  const { count, retryAfter } = await hit(key, windowSeconds);
  if (count > limit) {
    throw new DomainError("rate_limited", `Too many requests; retry in ${retryAfter} s`, [], retryAfter);
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
  signInPerEmail: num(process.env.ROSTER_SIGNIN_LIMIT_EMAIL, 10),
  signInPerIp: num(process.env.ROSTER_SIGNIN_LIMIT_IP, 50),
});
