import { randomBytes } from "node:crypto";
import type { Actor } from "../../platform/auth/actor";
import { AUDIT_ACTIONS, type AuditAction, TARGET_TYPES } from "../events/catalogue";
import type { Tx } from "../tx";

/** What audit events are about. */
export const AUDIT_TARGET_TYPES = TARGET_TYPES;

export interface AuditInput {
  accountId: number | null;
  /** An action of the catalogue: it names the event the change is. */
  action: AuditAction;
  targetType: (typeof AUDIT_TARGET_TYPES)[number];
  targetId: string | number;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** A new event's id: what consumers deduplicate by. */
export const newEventId = () => `evt_${randomBytes(12).toString("hex")}`;

/** The actor's columns of an audit row. */
export function actorColumns(actor: Actor) {
  return {
    actorKind: actor.kind === "member" ? actor.via : actor.kind === "system" ? "system" : "public",
    actorUserId: actor.kind === "member" || actor.kind === "public" ? (actor.userId ?? null) : null,
    actorCredentialId: actor.kind === "member" ? (actor.credentialId ?? null) : null,
  };
}

/**
 * Appends one audit event, keeping only the fields that changed, and — for a
 * change of an account — its event with the account's next sequence number,
 * in the same statement (the transactional outbox: no event for a change that
 * rolls back, none lost for one that commits; the sequence has no gaps, as
 * taking it locks the account's row until the transaction ends).
 */
export async function recordAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  const { before, after } = changedFields(input.before ?? null, input.after ?? null);
  const a = actorColumns(actor);
  const json = (v: Record<string, unknown> | null) => (v ? JSON.stringify(v) : null);
  const event = AUDIT_ACTIONS[input.action].event;
  await tx.$executeRaw`
    WITH audit AS (
      INSERT INTO "AuditEvent" ("accountId", "actorKind", "actorUserId", "actorCredentialId", action,
                                "targetType", "targetId", before, after, ip, "userAgent")
      VALUES (${input.accountId}, ${a.actorKind}, ${a.actorUserId}, ${a.actorCredentialId}, ${input.action},
              ${input.targetType}, ${String(input.targetId)}, ${json(before)}::jsonb, ${json(after)}::jsonb,
              ${actor.ip ?? null}, ${actor.userAgent?.slice(0, 500) ?? null})
      RETURNING id, "accountId", "createdAt"
    ), seq AS (
      UPDATE "Account" SET "eventSequence" = "eventSequence" + 1
      WHERE id = ${input.accountId} AND EXISTS (SELECT 1 FROM audit)
      RETURNING "eventSequence"
    )
    INSERT INTO "Event" (id, "accountId", sequence, "auditEventId", type, "occurredAt")
    SELECT ${newEventId()}, audit."accountId", seq."eventSequence", audit.id, ${event}, audit."createdAt"
    FROM audit, seq`;
}

function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  if (!before || !after) return { before: before && clean(before), after: after && clean(after) };
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: clean(b), after: clean(a) };
}

// Never write secrets to the audit log.
const SECRET_KEYS = new Set(["passwordHash", "password", "secretHash", "secretEncrypted", "tokenHash"]);

function clean(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (SECRET_KEYS.has(k)) out[k] = "[changed]";
    else out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}
