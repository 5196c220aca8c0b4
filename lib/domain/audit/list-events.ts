import "server-only";
import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { parseId, parseInput } from "../../platform/validation";
import { searchWords, whereClause } from "../members/list-query";
import { memberNames } from "../members/names";
import { assertCan } from "../permissions";
import { text } from "../users/profile";
import { AUDIT_TARGET_TYPES } from "./record";

export const auditQuerySchema = z
  .object({
    actorUserId: z.number().int().positive().optional(),
    /** Events by members whose name or email holds every word of this (the member search's rule). */
    actorSearch: text(100).optional(),
    action: text(100).optional(),
    targetType: z.enum(AUDIT_TARGET_TYPES).optional(),
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
  const db = await getDb();
  const actorIds = q.actorSearch ? await matchingUserIds(member.accountId, q.actorSearch) : undefined;
  const where: Prisma.AuditEventWhereInput = {
    accountId: member.accountId,
    actorUserId: actorIds
      ? { in: q.actorUserId ? actorIds.filter((id) => id === q.actorUserId) : actorIds }
      : q.actorUserId,
    // A prefix of action codes, read literally: % and _ are LIKE's wildcards, not the caller's.
    action: q.action ? { startsWith: q.action.replace(/[\\%_]/g, "\\$&") } : undefined,
    targetType: q.targetType,
    targetId: q.targetId,
    createdAt: q.from || q.to ? { gte: q.from, lte: q.to } : undefined,
    ...(q.aboutUserId
      ? { targetType: { in: ["membership", "user", "credential"] }, targetId: String(q.aboutUserId) }
      : {}),
  };
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
  const names = await namesOf(actor, member.accountId, rows);
  // Each change's event in the stream (pruned after the retention: then none).
  const events = await db.event.findMany({
    where: { auditEventId: { in: rows.map((r) => r.id) } },
    select: { auditEventId: true, sequence: true, type: true },
  });
  const eventOf = new Map(events.map((e) => [e.auditEventId, { sequence: e.sequence, type: e.type }]));
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
      /** The actor's and target's names in this account (null: gone, or not a member here). */
      actorName: r.actorUserId === null ? null : (names.members.get(r.actorUserId) ?? null),
      targetName: targetName(names, r.targetType, r.targetId),
      /** Names of the groups and policies the change lists by id ("17" → "Engineering"). */
      groupNames: Object.fromEntries(names.groups),
      policyNames: Object.fromEntries(names.policies),
      targetType: r.targetType,
      targetId: r.targetId,
      before: r.before as Record<string, unknown> | null,
      after: r.after as Record<string, unknown> | null,
      ip: r.ip,
      event: eventOf.get(r.id) ?? null,
    })),
  };
}

/** Up to 200 members of the account whose search text holds every word (names, email, title, department). */
async function matchingUserIds(accountId: number, search: string): Promise<number[]> {
  const db = await getDb();
  const words = searchWords(search);
  if (!words.length) return [];
  const rows = await db.$queryRaw<{ userId: number }[]>`
    SELECT "userId" FROM "Membership" m WHERE ${whereClause({ accountId, filters: [], attributes: [], search }).sql}
    LIMIT 200`;
  return rows.map((r) => r.userId);
}

type Names = { members: Map<number, string>; groups: Map<string, string>; policies: Map<string, string> };

const PERSON_TARGETS = new Set(["membership", "user", "credential"]);

/** Names of the people, groups and policies a page of events mentions, read from this account only. */
async function namesOf(
  actor: Actor,
  accountId: number,
  rows: { actorUserId: number | null; targetType: string; targetId: string; before: unknown; after: unknown }[],
): Promise<Names> {
  const db = await getDb();
  const people = new Set<number>();
  const groups: number[] = [];
  const policies: number[] = [];
  for (const r of rows) {
    // Group and policy ids inside a change ({ groups: [17, 18] }) are named too.
    for (const side of [r.before, r.after]) {
      const change = side as Record<string, unknown> | null;
      for (const id of Array.isArray(change?.groups) ? change.groups : []) if (Number.isInteger(id)) groups.push(id);
      for (const id of Array.isArray(change?.policies) ? change.policies : [])
        if (Number.isInteger(id)) policies.push(id);
    }
    if (r.actorUserId !== null) people.add(r.actorUserId);
    const id = parseId(r.targetId);
    if (id === null) continue;
    if (PERSON_TARGETS.has(r.targetType)) people.add(id);
    else if (r.targetType === "group") groups.push(id);
    else if (r.targetType === "policy") policies.push(id);
  }
  const [members, groupRows, policyRows] = await Promise.all([
    memberNames(actor, [...people]),
    db.group.findMany({ where: { accountId, id: { in: groups } }, select: { id: true, name: true } }),
    db.policy.findMany({ where: { accountId, id: { in: policies } }, select: { id: true, name: true } }),
  ]);
  return {
    members,
    groups: new Map(groupRows.map((g) => [String(g.id), g.name])),
    policies: new Map(policyRows.map((p) => [String(p.id), p.name])),
  };
}

function targetName(names: Names, type: string, id: string): string | null {
  if (PERSON_TARGETS.has(type)) {
    const n = parseId(id);
    return n === null ? null : (names.members.get(n) ?? null);
  }
  if (type === "group") return names.groups.get(id) ?? null;
  if (type === "policy") return names.policies.get(id) ?? null;
  return null;
}
