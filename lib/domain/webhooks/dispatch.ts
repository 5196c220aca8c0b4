import "server-only";
import { randomBytes } from "node:crypto";
import { systemActor } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
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
const PER_CLAIM = 50;

/** Seconds to wait after each failed attempt (Svix's schedule); ROSTER_WEBHOOK_RETRY_SCHEDULE=5,300,… overrides. */
export function retrySchedule(): number[] {
  const raw = process.env.ROSTER_WEBHOOK_RETRY_SCHEDULE;
  const parsed = raw?.split(",").map((s) => Number(s.trim()));
  if (parsed?.length && parsed.every((n) => Number.isFinite(n) && n >= 0)) return parsed;
  return [5, 300, 1800, 7200, 18_000, 36_000, 36_000];
}

const jitter = (s: number) => s * 1000 * (0.9 + Math.random() * 0.2);

type Claimed = EndpointRow;

/** One round: claims up to `limit` endpoints with events waiting and delivers to each. Answers how many were posted. */
export async function dispatchOnce(limit = 10): Promise<number> {
  const db = await getDb();
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

/** Up to `limit` subscribed events after the cursor, and the account's last sequence, in one statement. */
async function nextEvents(e: Claimed, types: EventType[], limit: number): Promise<NextEvents> {
  const db = await getDb();
  const rows = await db.$queryRaw<(Parameters<typeof toEventView>[0] & { last: number })[]>`
    SELECT ev.id, ev.sequence, ev.type, ev."occurredAt", a."actorKind", a."actorUserId", a."actorCredentialId",
           a.action, a."targetType", a."targetId", a.before, a.after, acc."eventSequence" AS last
    FROM "Account" acc
    LEFT JOIN LATERAL (
      SELECT * FROM "Event" ev
      WHERE ev."accountId" = acc.id AND ev.sequence > ${e.cursor} AND ev.sequence <= acc."eventSequence"
        AND ev.type = ANY(${types}::text[])
      ORDER BY ev.sequence LIMIT ${limit}
    ) ev ON true
    LEFT JOIN "AuditEvent" a ON a.id = ev."auditEventId"
    WHERE acc.id = ${e.accountId}
    ORDER BY ev.sequence`;
  const last = Number(rows[0]?.last ?? e.cursor);
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
export async function post(e: EndpointRow, id: string, body: string): Promise<Attempt> {
  const started = Date.now();
  try {
    const res = await webhookFetch()(e.url, {
      method: "POST",
      headers: signedHeaders(signingSecrets(e), id, body),
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

async function deliverFor(claimed: Claimed, token: string): Promise<number> {
  const db = await getDb();
  const types = typesMatching(claimed.events.join(",")).types;
  let e = claimed;
  let posted = 0;
  try {
    while (posted < PER_CLAIM) {
      const { events, last } = await nextEvents(e, types, PER_CLAIM - posted);
      if (events.length === 0) {
        // Nothing subscribed up to the last event: pass over them.
        await db.webhookEndpoint.updateMany({ where: { id: e.id, leaseToken: token }, data: { cursor: last } });
        return posted;
      }
      for (const event of events) {
        const attempt = await post(e, event.id, eventBody(event));
        posted++;
        const attempts = e.attempts + 1;
        const schedule = retrySchedule();
        const givingUp = !attempt.ok && attempts > schedule.length;
        const status = attempt.ok ? "succeeded" : givingUp ? "failed" : "retrying";
        const moved = await record(e, token, event, { status, attempts, attempt });
        if (attempt.ok) {
          if (!moved) return posted; // the lease was lost (an admin replayed or removed it)
          if (moved !== "ENABLED") return posted; // disabled meanwhile: nothing more after this event
          e = { ...e, cursor: event.sequence, attempts: 0 };
          continue;
        }
        if (givingUp) await disable(e, token, attempt);
        else
          await db.webhookEndpoint.updateMany({
            where: { id: e.id, leaseToken: token },
            data: { attempts, nextAttemptAt: new Date(Date.now() + jitter(schedule[attempts - 1])) },
          });
        return posted;
      }
    }
    return posted;
  } finally {
    await db.webhookEndpoint.updateMany({
      where: { id: claimed.id, leaseToken: token },
      data: { leaseUntil: null, leaseToken: null },
    });
  }
}

/**
 * One statement per post: the delivery log's row, and — when the receiver took
 * it — the cursor moved past it and the claim renewed. Answers the endpoint's
 * state after (null: the claim was lost), so a disable stops the next post.
 */
async function record(
  e: Claimed,
  token: string,
  event: EventView,
  r: { status: string; attempts: number; attempt: Attempt },
): Promise<string | null> {
  const db = await getDb();
  const a = r.attempt;
  const [row] = await db.$queryRaw<{ state: string | null }[]>`
    WITH logged AS (
      INSERT INTO "WebhookDelivery" ("endpointId", "eventId", sequence, "eventType", status, attempts,
                                     "responseStatus", "responseBody", "durationMs", error, "updatedAt")
      VALUES (${e.id}, ${event.id}, ${event.sequence}, ${event.type}, ${r.status}, ${r.attempts},
              ${a.status}, ${a.body}, ${a.durationMs}, ${a.error}, now())
      ON CONFLICT ("endpointId", "eventId") DO UPDATE SET
        status = EXCLUDED.status, attempts = EXCLUDED.attempts, "responseStatus" = EXCLUDED."responseStatus",
        "responseBody" = EXCLUDED."responseBody", "durationMs" = EXCLUDED."durationMs", error = EXCLUDED.error,
        "updatedAt" = now()
    ), moved AS (
      UPDATE "WebhookEndpoint"
      SET cursor = ${event.sequence}, attempts = 0, "nextAttemptAt" = now(),
          "leaseUntil" = now() + make_interval(secs => ${LEASE_S})
      WHERE id = ${e.id} AND "leaseToken" = ${token} AND ${a.ok}
      RETURNING state
    )
    SELECT (SELECT state FROM moved) AS state`;
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
