import "server-only";
import { z } from "zod";
import type { Actor } from "../actor";
import { getDb } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { requireMember } from "../members/target";
import { assertCan } from "../permissions";
import { text } from "../users/profile";
import { parseInput } from "../validation";

export const auditQuerySchema = z
  .object({
    actorUserId: z.number().int().positive().optional(),
    action: text(100).optional(),
    targetType: z.enum(["membership", "user", "account", "invitation", "credential", "group", "policy"]).optional(),
    targetId: text(50).optional(),
    /** A member's whole history: membership, profile and credential events about this user id. */
    aboutUserId: z.number().int().positive().optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    page: z.number().int().min(1).max(1_000_000).default(1),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .strict();

export type AuditQuery = z.input<typeof auditQuerySchema>;

/** The account's audit log, newest first, filtered (ADMINs). */
export async function listAuditEvents(actor: Actor, raw: AuditQuery = {}) {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const q = parseInput(auditQuerySchema, raw);
  const where: Prisma.AuditEventWhereInput = {
    accountId: member.accountId,
    actorUserId: q.actorUserId,
    action: q.action ? { startsWith: q.action } : undefined,
    targetType: q.targetType,
    targetId: q.targetId,
    createdAt: q.from || q.to ? { gte: q.from, lte: q.to } : undefined,
    ...(q.aboutUserId
      ? { targetType: { in: ["membership", "user", "credential"] }, targetId: String(q.aboutUserId) }
      : {}),
  };
  const db = await getDb();
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.limit,
      take: q.limit,
    }),
    db.auditEvent.count({ where }),
  ]);
  const ids = [...new Set(rows.map((r) => r.actorUserId).filter((x): x is number => x !== null))];
  const actors = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  return {
    total,
    page: q.page,
    limit: q.limit,
    rows: rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      action: r.action,
      actorKind: r.actorKind,
      actorUserId: r.actorUserId,
      actorEmail: actors.find((a) => a.id === r.actorUserId)?.email ?? null,
      targetType: r.targetType,
      targetId: r.targetId,
      before: r.before as Record<string, unknown> | null,
      after: r.after as Record<string, unknown> | null,
      ip: r.ip,
    })),
  };
}
