import type { Prisma } from "../../generated/prisma/client";
import type { Actor } from "../../platform/auth/actor";
import type { Tx } from "../tx";

/** What audit events are about. */
export const AUDIT_TARGET_TYPES = [
  "membership",
  "user",
  "account",
  "invitation",
  "credential",
  "group",
  "policy",
] as const;

export interface AuditInput {
  accountId: number | null;
  action: string;
  targetType: (typeof AUDIT_TARGET_TYPES)[number];
  targetId: string | number;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Appends one audit event, keeping only the fields that changed. */
export async function recordAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  const { before, after } = changedFields(input.before ?? null, input.after ?? null);
  await tx.auditEvent.create({
    data: {
      accountId: input.accountId,
      actorKind: actor.kind === "member" ? actor.via : actor.kind === "system" ? "system" : "public",
      actorUserId: actor.kind === "member" || actor.kind === "public" ? (actor.userId ?? null) : null,
      actorCredentialId: actor.kind === "member" ? (actor.credentialId ?? null) : null,
      action: input.action,
      targetType: input.targetType,
      targetId: String(input.targetId),
      before: (before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (after ?? undefined) as Prisma.InputJsonValue | undefined,
      ip: actor.ip ?? null,
      userAgent: actor.userAgent?.slice(0, 500) ?? null,
    },
  });
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
