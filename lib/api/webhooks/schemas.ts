import { z } from "zod";
import type { DeliveryView } from "../../domain/webhooks/deliveries";
import type { EndpointView } from "../../domain/webhooks/endpoints";

// The JSON of /api/v1/webhooks (the OpenAPI document publishes it).

export const webhookSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()).describe('Event types or families ("member.*") it receives'),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe("Why it stopped (its retries ran out, or an admin)"),
  cursor: z.number().int().describe("The last event delivered or passed over"),
  attempts: z.number().int().describe("Failed attempts at the next event"),
  nextAttemptAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const webhookCreatedSchema = webhookSchema.extend({
  secret: z.string().describe("whsec_…: the signing secret, shown this once"),
});

export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema) });

export const webhookBodySchema = z.object({
  url: z.string().describe("https URL that receives the events (POST, Standard Webhooks signatures)"),
  events: z.array(z.string()).describe('Event types or families, e.g. ["member.*", "group.created"]'),
  description: z.string().optional(),
});

export const webhookPatchSchema = webhookBodySchema
  .extend({ enabled: z.boolean().describe("false stops it; true starts it again from the event it stopped at") })
  .partial();

export const rotateAnswerSchema = z.object({
  secret: z.string().describe("The new secret, shown this once"),
  previousValidUntil: z.string().describe("Until then the old secret signs beside the new one"),
});

export const replayBodySchema = z.object({
  after: z.number().int().describe("Deliver again every subscribed event after this sequence number"),
});

export const testAnswerSchema = z.object({
  eventId: z.string(),
  ok: z.boolean(),
  status: z.number().int().nullable().describe("The receiver's HTTP status"),
  body: z.string().nullable().describe("The first 1 KB of its answer"),
  durationMs: z.number().int(),
  error: z.string().nullable().describe("Why there was no answer (refused address, timeout…)"),
});

export const deliverySchema = z.object({
  id: z.number().int(),
  eventId: z.string(),
  sequence: z.number().int(),
  eventType: z.string(),
  status: z.enum(["succeeded", "retrying", "failed"]),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable().describe("The first 1 KB of the last answer"),
  durationMs: z.number().int().nullable(),
  error: z.string().nullable(),
  test: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const deliveryListSchema = z.object({
  data: z.array(deliverySchema),
  waiting: z.number().int().describe("Subscribed events waiting behind the one being delivered"),
});

export const deliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: z.coerce.number().int().optional().describe("Deliveries older than this id (paging)"),
});

const iso = (d: Date) => d.toISOString();
export const toWebhook = (e: EndpointView) => ({
  ...e,
  version: undefined,
  nextAttemptAt: iso(e.nextAttemptAt),
  createdAt: iso(e.createdAt),
  updatedAt: iso(e.updatedAt),
});
export const toDelivery = (d: DeliveryView) => ({ ...d, createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt) });
