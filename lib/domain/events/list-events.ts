import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { parseInput } from "../../platform/validation";
import { assertCan } from "../permissions";
import { AUDIT_ACTIONS, type AuditAction, EVENT_TYPES, type EventType, typesMatching } from "./catalogue";
import { assertKeptAfter } from "./kept";

// The pull API (issue 30): an account's events in sequence order from any
// point still kept, filtered by type — how a consumer catches up, and how an
// account streams its audit trail to a SIEM.

export interface EventView {
  id: string;
  sequence: number;
  type: EventType;
  version: number;
  occurredAt: Date;
  actor: { kind: string; userId: number | null; credentialId: number | null };
  data: {
    action: string;
    target: { type: string; id: string };
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    how?: string;
  };
}

const querySchema = z
  .object({
    after: z.coerce.number().int().min(0).max(2_147_483_647).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    types: z.string().max(2000).optional(),
  })
  .strict();

interface Row {
  id: string;
  sequence: number;
  type: EventType;
  occurredAt: Date;
  actorKind: string;
  actorUserId: number | null;
  actorCredentialId: number | null;
  action: AuditAction;
  targetType: string;
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export function toEventView(r: Row): EventView {
  const spec = AUDIT_ACTIONS[r.action] as { how?: string } | undefined;
  // A member SCIM adds was provisioned by the account's identity provider.
  const how = spec?.how === "added" && r.actorKind === "scim" ? "provisioned" : spec?.how;
  return {
    id: r.id,
    sequence: r.sequence,
    type: r.type,
    version: EVENT_TYPES[r.type]?.version ?? 1,
    occurredAt: r.occurredAt,
    actor: { kind: r.actorKind, userId: r.actorUserId, credentialId: r.actorCredentialId },
    data: {
      action: r.action,
      target: { type: r.targetType, id: r.targetId },
      before: r.before,
      after: r.after,
      ...(how ? { how } : {}),
    },
  };
}

/** Events after `after` (a sequence number), oldest first; `next_after` is where to go on from. */
export async function listEvents(
  actor: Actor,
  raw: Record<string, unknown>,
): Promise<{ data: EventView[]; next_after: number }> {
  const member = requireMember(actor);
  assertCan(member.role, "account.events");
  const q = parseInput(querySchema, raw);
  let types: EventType[] | null = null;
  if (q.types !== undefined) {
    const matched = typesMatching(q.types);
    if (matched.unknown.length || matched.types.length === 0)
      throw new DomainError("invalid_input", `Unknown event types: ${matched.unknown.join(", ") || "(none named)"}`, [
        { field: "types", message: `names no event type: ${matched.unknown.join(", ") || "empty"}` },
      ]);
    types = matched.types;
  }
  const db = await getDb();
  // Past the retention: the events between `after` and the oldest kept are gone (410, saying where to resume).
  await assertKeptAfter(db, member.accountId, q.after);
  const rows = await db.$queryRaw<Row[]>`
    SELECT e.id, e.sequence, e.type, e."occurredAt", a."actorKind", a."actorUserId", a."actorCredentialId",
           a.action, a."targetType", a."targetId", a.before, a.after
    FROM "Event" e JOIN "AuditEvent" a ON a.id = e."auditEventId"
    WHERE e."accountId" = ${member.accountId} AND e.sequence > ${q.after}
      AND (${types === null} OR e.type = ANY(${types ?? []}::text[]))
    ORDER BY e.sequence
    LIMIT ${q.limit}`;
  return { data: rows.map(toEventView), next_after: rows.at(-1)?.sequence ?? q.after };
}
