import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { decryptSecret, encryptSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { typesMatching } from "../events/catalogue";
import { assertKeptAfter } from "../events/kept";
import { assertCan } from "../permissions";
import { inMemberTransaction, type Tx } from "../tx";
import { webhookUrlAllowed } from "./outbound";
import { newSigningSecret } from "./signing";

// An account's webhook endpoints (issue 30). The signing secret is sealed at
// rest and shown once (on creation and on rotation); a rotation lets the old
// secret sign beside the new one for 24 hours.

export type EndpointRow = Awaited<ReturnType<Tx["webhookEndpoint"]["findFirstOrThrow"]>>;

export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

const urlSchema = z
  .string()
  .trim()
  .max(2000)
  // Each check stands alone (zod runs them all): only a parsable URL is looked into.
  .refine((s) => URL.canParse(s), "must be a URL")
  .refine((s) => !URL.canParse(s) || webhookUrlAllowed(new URL(s)), "must be an https URL")
  .refine(
    (s) => !URL.canParse(s) || (!new URL(s).username && !new URL(s).password),
    "must not carry a user name or password",
  );

const eventsSchema = z
  .array(z.string().trim().min(1).max(100))
  .min(1)
  .max(50)
  .superRefine((patterns, ctx) => {
    const { unknown } = typesMatching(patterns.join(","));
    if (unknown.length) ctx.addIssue({ code: "custom", message: `names no event type: ${unknown.join(", ")}` });
  })
  .transform((p) => [...new Set(p)]);

const fields = z.object({
  url: urlSchema,
  events: eventsSchema,
  description: z.string().trim().max(500).optional(),
});
const createSchema = fields.strict();
const updateSchema = fields.extend({ enabled: z.boolean() }).partial().strict();
const replaySchema = z.object({ after: z.number().int().min(0) }).strict();

export interface EndpointView {
  id: number;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  /** The last event delivered or passed over; events after it are on their way. */
  cursor: number;
  /** Failed attempts at the next event, and when the next try runs. */
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const toView = (r: EndpointRow): EndpointView => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events,
  enabled: r.state === "ENABLED",
  disabledReason: r.disabledReason,
  cursor: r.cursor,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  version: r.version,
});

const audited = (r: EndpointRow) => ({ url: r.url, events: r.events, description: r.description, state: r.state });

/** The secrets that sign now: the current one, and the previous one during its 24 hours. */
export function signingSecrets(r: EndpointRow, now = new Date()): string[] {
  const current = decryptSecret(r.secret);
  return r.previousSecret && r.previousSecretUntil && r.previousSecretUntil > now
    ? [current, decryptSecret(r.previousSecret)]
    : [current];
}

export async function loadEndpoint(tx: Tx, accountId: number, rawId: unknown): Promise<EndpointRow> {
  const id = parseInput(idSchema, rawId);
  const row = await tx.webhookEndpoint.findFirst({ where: { id, accountId } });
  if (!row) throw new DomainError("not_found", `This account has no webhook endpoint ${id}`);
  return row;
}

export async function listEndpoints(actor: Actor): Promise<EndpointView[]> {
  const member = requireMember(actor);
  assertCan(member.role, "account.webhooks");
  const db = await getDb();
  const rows = await db.webhookEndpoint.findMany({ where: { accountId: member.accountId }, orderBy: { id: "asc" } });
  return rows.map(toView);
}

export async function getEndpoint(actor: Actor, rawId: unknown): Promise<EndpointView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.webhooks");
  return toView(await loadEndpoint(await getDb(), member.accountId, rawId));
}

/** A new endpoint: it receives the events from now on; its secret is answered this once. */
export async function addEndpoint(actor: Actor, raw: unknown): Promise<EndpointView & { secret: string }> {
  const member = requireMember(actor);
  assertCan(member.role, "account.webhooks");
  const input = parseInput(createSchema, raw);
  const secret = newSigningSecret();
  return inMemberTransaction(member, async (tx) => {
    const account = await tx.account.findUniqueOrThrow({
      where: { id: member.accountId },
      select: { eventSequence: true },
    });
    const row = await tx.webhookEndpoint.create({
      data: {
        accountId: member.accountId,
        url: input.url,
        events: input.events,
        description: input.description ?? "",
        secret: encryptSecret(secret),
        cursor: account.eventSequence,
      },
    });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "webhook.create",
      targetType: "webhook",
      targetId: row.id,
      after: audited(row),
    });
    return { ...toView(row), secret };
  });
}

export async function updateEndpoint(
  actor: Actor,
  rawId: unknown,
  raw: unknown,
  options: { expectedVersion?: number } = {},
): Promise<EndpointView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.webhooks");
  const input = parseInput(updateSchema, raw);
  return inMemberTransaction(member, async (tx) => {
    const row = await loadEndpoint(tx, member.accountId, rawId);
    if (options.expectedVersion !== undefined && options.expectedVersion !== row.version)
      throw new DomainError("precondition_failed", "The endpoint changed since you read it (If-Match does not match)");
    const enabling = input.enabled === true && row.state === "DISABLED";
    const updated = await tx.webhookEndpoint.update({
      where: { id: row.id },
      data: {
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.enabled === false ? { state: "DISABLED", disabledReason: "disabled by an admin" } : {}),
        // Enabled again: the held event is tried at once, with a fresh schedule.
        ...(enabling ? { state: "ENABLED", disabledReason: null, attempts: 0, nextAttemptAt: new Date() } : {}),
        version: { increment: 1 },
      },
    });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "webhook.update",
      targetType: "webhook",
      targetId: row.id,
      before: audited(row),
      after: audited(updated),
    });
    return toView(updated);
  });
}

export async function deleteEndpoint(actor: Actor, rawId: unknown): Promise<void> {
  const member = requireMember(actor);
  assertCan(member.role, "account.webhooks");
  await inMemberTransaction(member, async (tx) => {
    const row = await loadEndpoint(tx, member.accountId, rawId);
    await tx.webhookEndpoint.delete({ where: { id: row.id } });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "webhook.delete",
      targetType: "webhook",
      targetId: row.id,
      before: audited(row),
    });
  });
}

/** A new secret, answered this once; the old one signs beside it for 24 hours. */
export async function rotateSecret(
  actor: Actor,
  rawId: unknown,
): Promise<{ secret: string; previousValidUntil: Date }> {
  const member = requireMember(actor);
  assertCan(member.role, "account.webhooks");
  const secret = newSigningSecret();
  return inMemberTransaction(member, async (tx) => {
    const row = await loadEndpoint(tx, member.accountId, rawId);
    const until = new Date(Date.now() + ROTATION_OVERLAP_MS);
    await tx.webhookEndpoint.update({
      where: { id: row.id },
      data: {
        secret: encryptSecret(secret),
        previousSecret: row.secret,
        previousSecretUntil: until,
        version: { increment: 1 },
      },
    });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "webhook.rotate_secret",
      targetType: "webhook",
      targetId: row.id,
      after: { secret: "rotated", previousValidUntil: until.toISOString() },
    });
    return { secret, previousValidUntil: until };
  });
}

/** Delivers again from a point: the events after `after` (still kept) go out again, in order. */
export async function replayEndpoint(actor: Actor, rawId: unknown, raw: unknown): Promise<EndpointView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.webhooks");
  const { after } = parseInput(replaySchema, raw);
  return inMemberTransaction(member, async (tx) => {
    const row = await loadEndpoint(tx, member.accountId, rawId);
    const kept = await assertKeptAfter(tx, member.accountId, after);
    if (after > kept.last)
      throw new DomainError("invalid_input", `There is no event after ${kept.last} yet`, [
        { field: "after", message: `is past the last event (${kept.last})` },
      ]);
    const updated = await tx.webhookEndpoint.update({
      where: { id: row.id },
      data: { cursor: after, attempts: 0, nextAttemptAt: new Date(), version: { increment: 1 } },
    });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "webhook.replay",
      targetType: "webhook",
      targetId: row.id,
      before: { cursor: row.cursor },
      after: { cursor: after },
    });
    return toView(updated);
  });
}

/**
 * Tries the event an endpoint is held on now, rather than at its next
 * scheduled retry (the delivery log's "Retry now"). Only an enabled endpoint
 * with a failing event; a disabled one is enabled again instead.
 */
export async function retryEndpoint(actor: Actor, rawId: unknown): Promise<EndpointView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.webhooks");
  return inMemberTransaction(member, async (tx) => {
    const row = await loadEndpoint(tx, member.accountId, rawId);
    if (row.state !== "ENABLED")
      throw new DomainError(
        "conflict",
        "This endpoint is disabled: enable it to carry on from the event it stopped at",
      );
    if (row.attempts === 0)
      throw new DomainError("conflict", "No event is waiting for a retry: this endpoint's deliveries are on time");
    const now = new Date();
    const updated = await tx.webhookEndpoint.update({
      where: { id: row.id },
      data: { nextAttemptAt: now, version: { increment: 1 } },
    });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "webhook.retry",
      targetType: "webhook",
      targetId: row.id,
      before: { nextAttemptAt: row.nextAttemptAt.toISOString() },
      after: { nextAttemptAt: now.toISOString() },
    });
    return toView(updated);
  });
}
