import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { parseInput } from "../../platform/validation";
import { typesMatching } from "../events/catalogue";
import { assertCan } from "../permissions";
import { type Attempt, post } from "./dispatch";
import { loadEndpoint } from "./endpoints";

// An endpoint's delivery log (each event's attempts and last answer), the
// events waiting behind the one it is on, and a test event sent at once.

export interface DeliveryView {
  id: number;
  eventId: string;
  sequence: number;
  eventType: string;
  status: "succeeded" | "retrying" | "failed";
  attempts: number;
  responseStatus: number | null;
  responseBody: string | null;
  durationMs: number | null;
  error: string | null;
  test: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const querySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.coerce.number().int().min(1).optional(),
  })
  .strict();

/** The newest deliveries first, and how many subscribed events wait behind the cursor. */
export async function listDeliveries(
  actor: Actor,
  rawId: unknown,
  raw: Record<string, unknown>,
): Promise<{
  data: DeliveryView[];
  waiting: number;
  /** Events after the cursor up to this sequence were pruned before the endpoint received them (it was disabled past the retention). */
  missedThrough: number | null;
}> {
  const member = requireMember(actor);
  assertCan(member.role, "account.webhooks");
  const q = parseInput(querySchema, raw);
  const db = await getDb();
  const e = await loadEndpoint(db, member.accountId, rawId);
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId: e.id, ...(q.before ? { id: { lt: q.before } } : {}) },
    orderBy: { id: "desc" },
    take: q.limit,
  });
  const types = typesMatching(e.events.join(",")).types;
  const [{ n, oldest, last }] = await db.$queryRaw<{ n: number; oldest: number | null; last: number }[]>`
    SELECT (SELECT count(*)::int FROM "Event"
            WHERE "accountId" = a.id AND sequence > ${e.cursor} AND type = ANY(${types}::text[])) AS n,
           (SELECT min(sequence) FROM "Event" WHERE "accountId" = a.id) AS oldest, a."eventSequence" AS last
    FROM "Account" a WHERE a.id = ${member.accountId}`;
  const prunedThrough = oldest !== null ? oldest - 1 : last;
  const data = rows.map(({ endpointId: _, ...r }) => ({ ...r, status: r.status as DeliveryView["status"] }));
  return { data, waiting: n, missedThrough: e.cursor < prunedThrough ? prunedThrough : null };
}

/** Posts a signed `webhook.test` event to the endpoint now (outside the stream); answers what the receiver said. */
export async function sendTestEvent(actor: Actor, rawId: unknown): Promise<Attempt & { eventId: string }> {
  const member = requireMember(actor);
  assertCan(member.role, "account.webhooks");
  const db = await getDb();
  const e = await loadEndpoint(db, member.accountId, rawId);
  const id = `evt_test_${randomBytes(8).toString("hex")}`;
  const body = JSON.stringify({
    id,
    sequence: 0,
    type: "webhook.test",
    version: 1,
    occurredAt: new Date().toISOString(),
    actor: { kind: member.via, userId: member.userId, credentialId: member.credentialId ?? null },
    data: { endpoint: { id: e.id, url: e.url } },
  });
  const attempt = await post(e, id, body);
  await db.webhookDelivery.create({
    data: {
      endpointId: e.id,
      eventId: id,
      sequence: 0,
      eventType: "webhook.test",
      status: attempt.ok ? "succeeded" : "failed",
      attempts: 1,
      responseStatus: attempt.status,
      responseBody: attempt.body,
      durationMs: attempt.durationMs,
      error: attempt.error,
      test: true,
    },
  });
  return { ...attempt, eventId: id };
}
