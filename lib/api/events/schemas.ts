import { z } from "zod";
import { EVENT_TYPE_NAMES, MEMBER_ORIGINS, TARGET_TYPES } from "../../domain/events/catalogue";

// The JSON of GET /api/v1/events (the OpenAPI document publishes it).

export const eventsQuerySchema = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe("The last sequence number you have: events after it are answered (default 0: from the oldest kept)"),
  types: z
    .string()
    .optional()
    .describe('Event types, comma-separated; "member.*" names a family (default: every type)'),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe("At most this many (default 100)"),
});

export const eventSchema = z.object({
  id: z.string().describe("evt_…: the same in every delivery of this event (deduplicate by it)"),
  sequence: z.number().int().describe("The account's event number: 1, 2, 3… without gaps"),
  type: z.enum(EVENT_TYPE_NAMES as [string, ...string[]]),
  version: z.number().int().describe("The version of the type's data shape"),
  occurredAt: z.string().describe("When the change was made (ISO 8601)"),
  actor: z.object({
    kind: z.string().describe("session, api_key, scim, cli, system or public"),
    userId: z.number().int().nullable(),
    credentialId: z.number().int().nullable(),
  }),
  data: z.object({
    action: z.string().describe("The audit log's name for the change (finer than the type)"),
    target: z.object({ type: z.enum(TARGET_TYPES), id: z.string() }),
    before: z.record(z.string(), z.unknown()).nullable().describe("The changed fields' old values"),
    after: z.record(z.string(), z.unknown()).nullable().describe("The changed fields' new values"),
    how: z.enum(MEMBER_ORIGINS).optional().describe("member.created: how the membership came to be"),
  }),
});

export const eventListSchema = z.object({
  data: z.array(eventSchema),
  next_after: z.number().int().describe("Ask again with after=<this> for what comes next"),
});
