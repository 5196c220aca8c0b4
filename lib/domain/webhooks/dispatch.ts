import "server-only";
import { randomBytes } from "node:crypto";
import { systemActor } from "../../platform/auth/actor";
import { getWorkerDb } from "../../platform/db/client";
import { appUrl, sendMail } from "../../platform/mail/mailer";
import { recordAudit } from "../audit/record";
import { type EventType, typesMatching } from "../events/catalogue";
import { type EventView, toEventView } from "../events/list-events";
import { inAccountTransaction } from "../tx";
import { type EndpointRow, signingSecrets } from "./endpoints";
import { webhookFetch } from "./outbound";
import { signedHeaders } from "./signing";

// Delivery (issue 30): at least once, per endpoint in sequence order. Any app
// server may deliver: it claims endpoints with work by a lease (a row update
// with FOR UPDATE SKIP LOCKED, so two servers never claim one endpoint), posts
// the next event after the endpoint's cursor, and moves the cursor only when
// the receiver answered 2xx. A failing event holds the endpoint's later ones;
// it is retried on a schedule; when the schedule runs out the endpoint is
// disabled and the account's admins are told. No LISTEN/NOTIFY: servers poll,
// so it works through PgBouncer's transaction pooling and on PGlite.

/** A claim lasts this long and is renewed at each event (a post takes at most 10 s); a crashed server's lapses soon. */
const LEASE_S = 15;
/** Events delivered per claim before the endpoint is let go (others get a turn). */
const PER_CLAIM = 500;
/** Events read per statement; the next page is read while this one is posted. */
const PAGE = 100;

/** Seconds to wait after each failed attempt (Svix's schedule); ROSTER_WEBHOOK_RETRY_SCHEDULE=5,300,… overrides. */
export function retrySchedule(): number[] {
  const raw = process.env.ROSTER_WEBHOOK_RETRY_SCHEDULE;
  const parsed = raw?.split(",").map((s) => Number(s.trim()));
  if (parsed?.length && parsed.every((n) => Number.isFinite(n) && n >= 0)) return parsed;
  return [5, 300, 1800, 7200, 18_000, 36_000, 36_000];
}

const tryOr = <T>(f: () => T): T | undefined => {
  try {
    return f();
  } catch {
    return undefined;
  }
};

const jitter = (s: number) => s * 1000 * (0.9 + Math.random() * 0.2);

type Claimed = EndpointRow;

/** One round: claims up to `limit` endpoints with events waiting and delivers to each. Answers how many were posted. */
export async function dispatchOnce(limit = 10): Promise<number> {
  const db = await getWorkerDb();
  const token = randomBytes(12).toString("hex");
  const claimed = await db.$queryRaw<Claimed[]>`
    UPDATE "WebhookEndpoint" w
    SET "leaseUntil" = now() + make_interval(secs => ${LEASE_S}), "leaseToken" = ${token}
    WHERE w.id IN (
      SELECT e.id FROM "WebhookEndpoint" e
      WHERE e.state = 'ENABLED' AND e."nextAttemptAt" <= now()
        AND (e."leaseUntil" IS NULL OR e."leaseUntil" < now())
        AND EXISTS (SELECT 1 FROM "Event" ev WHERE ev."accountId" = e."accountId" AND ev.sequence > e.cursor)
      ORDER BY e."nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING w.*`;
  const posted = await Promise.all(claimed.map((e) => deliverFor(e, token)));
  return posted.reduce((a, b) => a + b, 0);
}

interface NextEvents {
  /** The next subscribed events after the cursor, oldest first. */
  events: EventView[];
  /** The account's last sequence: with nothing subscribed up to it, the cursor moves there. */
  last: number;
}

/** Up to `limit` subscribed events after `after`, and the account's last sequence, in one statement. */
async function nextEvents(e: Claimed, after: number, types: EventType[], limit: number): Promise<NextEvents> {
  const db = await getWorkerDb();
  const rows = await db.$queryRaw<(Parameters<typeof toEventView>[0] & { last: number })[]>`
    SELECT ev.id, ev.sequence, ev.type, ev."occurredAt", a."actorKind", a."actorUserId", a."actorCredentialId",
           a.action, a."targetType", a."targetId", a.before, a.after, acc."eventSequence" AS last
    FROM "Account" acc
    LEFT JOIN LATERAL (
      SELECT * FROM "Event" ev
      WHERE ev."accountId" = acc.id AND ev.sequence > ${after} AND ev.sequence <= acc."eventSequence"
        AND ev.type = ANY(${types}::text[])
      ORDER BY ev.sequence LIMIT ${limit}
    ) ev ON true
    LEFT JOIN "AuditEvent" a ON a.id = ev."auditEventId"
    WHERE acc.id = ${e.accountId}
    ORDER BY ev.sequence`;
  const last = Number(rows[0]?.last ?? after);
  return { events: rows.filter((r) => r.id !== null).map(toEventView), last };
}

export const eventBody = (e: EventView) => JSON.stringify({ ...e, occurredAt: e.occurredAt.toISOString() });

export interface Attempt {
  ok: boolean;
  status: number | null;
  body: string | null;
  durationMs: number;
  error: string | null;
}

/** Posts one signed body; never throws (a refusal or timeout is a failed attempt). */
export async function post(e: EndpointRow, id: string, body: string, secrets?: string[]): Promise<Attempt> {
  const started = Date.now();
  try {
    const res = await webhookFetch()(e.url, {
      method: "POST",
      headers: signedHeaders(secrets ?? signingSecrets(e), id, body),
      body,
    });
    const text = (await res.text()).slice(0, 1024);
    return {
      ok: res.status >= 200 && res.status < 300,
      status: res.status,
      body: text,
      durationMs: Date.now() - started,
      error: null,
    };
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    return { ok: false, status: null, body: null, durationMs: Date.now() - started, error: message };
  }
}

/** One post's outcome, waiting for its row in the delivery log. */
interface Posted {
  event: EventView;
  status: "succeeded" | "retrying" | "failed";
  attempts: number;
  attempt: Attempt;
}

async function deliverFor(claimed: Claimed, token: string): Promise<number> {
  const db = await getWorkerDb();
  const types = typesMatching(claimed.events.join(",")).types;
  const ledger = new Ledger(claimed, token);
  // Decrypted once per claim; if that fails, each post tries again and logs why it failed.
  const secrets = tryOr(() => signingSecrets(claimed));
  let e = claimed;
  let posted = 0;
  try {
    const read = (after: number) => {
      const p = nextEvents(e, after, types, PAGE);
      p.catch(() => {}); // read ahead: a page left unread when the claim ends must not be an unhandled rejection
      return p;
    };
    let page = read(e.cursor);
    while (posted < PER_CLAIM) {
      const { events, last } = await page;
      if (events.length === 0) {
        // Nothing subscribed up to the last event: pass over them.
        if (!(await ledger.settle())) return posted;
        await db.webhookEndpoint.updateMany({ where: { id: e.id, leaseToken: token }, data: { cursor: last } });
        return posted;
      }
      page = read(events[events.length - 1].sequence);
      for (const event of events) {
        if (!(await ledger.roomToPost())) return posted; // disabled or the claim lost: nothing more
        const attempt = await post(e, event.id, eventBody(event), secrets);
        posted++;
        const attempts = e.attempts + 1;
        if (attempt.ok) {
          ledger.add({ event, status: "succeeded", attempts, attempt });
          e = { ...e, cursor: event.sequence, attempts: 0 };
          continue;
        }
        // A failure: the posts before it are booked first, then it, then its retry.
        if (!(await ledger.settle())) return posted;
        const schedule = retrySchedule();
        const givingUp = attempts > schedule.length;
        await record(e, token, [{ event, status: givingUp ? "failed" : "retrying", attempts, attempt }], null);
        if (givingUp) await disable(e, token, attempt);
        else
          await db.webhookEndpoint.updateMany({
            where: { id: e.id, leaseToken: token },
            data: { attempts, nextAttemptAt: new Date(Date.now() + jitter(schedule[attempts - 1])) },
          });
        return posted;
      }
    }
    await ledger.settle();
    return posted;
  } finally {
    await ledger.settle().catch(() => false);
    await db.webhookEndpoint.updateMany({
      where: { id: claimed.id, leaseToken: token },
      data: { leaseUntil: null, leaseToken: null },
    });
  }
}

/** Posts run ahead of their bookkeeping by at most this many events (re-posted after a crash; a disable stops within them). */
const AHEAD = 8;

/**
 * The bookkeeping of successful posts, overlapping the next posts: whatever
 * was posted while one statement ran is booked by the next, in one statement
 * (delivery-log rows, cursor, claim renewed, state read). A statement that
 * reads the endpoint disabled or the claim lost stops further posts; what was
 * already posted is still booked.
 */
class Ledger {
  private queue: Posted[] = [];
  private inFlight = 0;
  private flight: Promise<void> | null = null;
  private stopped = false;
  private failure: unknown = null;

  constructor(
    private readonly e: Claimed,
    private readonly token: string,
  ) {}

  add(p: Posted) {
    this.queue.push(p);
    this.launch();
  }

  private launch() {
    if (this.flight || this.queue.length === 0 || this.failure) return;
    const batch = this.queue.splice(0);
    this.inFlight = batch.length;
    this.flight = record(this.e, this.token, batch, batch[batch.length - 1].event.sequence).then(
      (state) => {
        if (state !== "ENABLED") this.stopped = true;
        this.flight = null;
        this.inFlight = 0;
        this.launch();
      },
      (err) => {
        this.failure = err;
        this.stopped = true;
        this.flight = null;
      },
    );
  }

  /** Waits while too many posts are unbooked; answers whether to post on. */
  async roomToPost(): Promise<boolean> {
    while (!this.stopped && this.flight && this.queue.length + this.inFlight >= AHEAD) await this.flight;
    if (this.failure) throw this.failure;
    return !this.stopped;
  }

  /** Waits until every post is booked; answers whether the endpoint is still ours and enabled. */
  async settle(): Promise<boolean> {
    while (this.flight) await this.flight;
    if (this.failure) throw this.failure;
    return !this.stopped;
  }
}

/**
 * One statement per batch of posts: their rows in the delivery log and — when
 * `moveTo` is given — the cursor moved there and the claim renewed. Answers
 * the endpoint's state after (null: the claim was lost, or nothing moved).
 * Committed without waiting for the disk: a crash that loses it only means
 * re-posting, with the same webhook-id.
 */
async function record(e: Claimed, token: string, rows: Posted[], moveTo: number | null): Promise<string | null> {
  const db = await getWorkerDb();
  const col = <T>(f: (p: Posted) => T) => rows.map(f);
  const [row] = await db.$queryRaw<{ state: string | null }[]>`
    WITH logged AS (
      INSERT INTO "WebhookDelivery" ("endpointId", "eventId", sequence, "eventType", status, attempts,
                                     "responseStatus", "responseBody", "durationMs", error, "updatedAt")
      SELECT ${e.id}, d.id, d.sequence, d.type, d.status, d.attempts, d.code, d.body, d.ms, d.error, now()
      FROM unnest(${col((p) => p.event.id)}::text[], ${col((p) => p.event.sequence)}::int[],
                  ${col((p) => p.event.type)}::text[], ${col((p) => p.status)}::text[],
                  ${col((p) => p.attempts)}::int[], ${col((p) => p.attempt.status)}::int[],
                  ${col((p) => p.attempt.body)}::text[], ${col((p) => p.attempt.durationMs)}::int[],
                  ${col((p) => p.attempt.error)}::text[])
           AS d(id, sequence, type, status, attempts, code, body, ms, error)
      ON CONFLICT ("endpointId", "eventId") DO UPDATE SET
        status = EXCLUDED.status, attempts = EXCLUDED.attempts, "responseStatus" = EXCLUDED."responseStatus",
        "responseBody" = EXCLUDED."responseBody", "durationMs" = EXCLUDED."durationMs", error = EXCLUDED.error,
        "updatedAt" = now()
    ), moved AS (
      UPDATE "WebhookEndpoint"
      SET cursor = ${moveTo ?? 0}, attempts = 0, "nextAttemptAt" = now(),
          "leaseUntil" = now() + make_interval(secs => ${LEASE_S})
      WHERE id = ${e.id} AND "leaseToken" = ${token} AND ${moveTo !== null}
      RETURNING state
    )
    SELECT (SELECT state FROM moved) AS state, set_config('synchronous_commit', 'off', true) AS async`;
  return row?.state ?? null;
}

/** The retries ran out: the endpoint stops (its cursor stays on the event), audited, and the admins are mailed. */
async function disable(e: EndpointRow, token: string, attempt: Attempt): Promise<void> {
  const reason = `the receiver failed ${retrySchedule().length + 1} times (last: ${attempt.status ?? attempt.error})`;
  const admins = await inAccountTransaction(e.accountId, async (tx) => {
    const done = await tx.webhookEndpoint.updateMany({
      where: { id: e.id, leaseToken: token, state: "ENABLED" },
      data: { state: "DISABLED", disabledReason: reason, version: { increment: 1 } },
    });
    if (done.count === 0) return [];
    await recordAudit(tx, systemActor("webhooks"), {
      accountId: e.accountId,
      action: "webhook.disable",
      targetType: "webhook",
      targetId: e.id,
      after: { state: "DISABLED", reason },
    });
    const rows = await tx.membership.findMany({
      where: { accountId: e.accountId, status: "ACTIVE", role: { in: ["ADMIN", "SUPER"] } },
      select: { user: { select: { email: true } } },
    });
    return rows.map((r) => r.user.email).filter((m): m is string => Boolean(m));
  });
  for (const to of admins) {
    const text = `Roster stopped posting events to ${e.url}: ${reason}.\n\nFix the receiver, then enable the endpoint again in Settings → Webhooks (${appUrl()}/settings): it carries on from the event it stopped at.`;
    await sendMail({
      to,
      subject: "A webhook endpoint was disabled",
      text,
      html: `<p>${escapeHtml(text).replace(/\n\n/g, "</p><p>")}</p>`,
    }).catch(() => false);
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
