import "server-only";
import { z } from "zod";
import { Prisma } from "../../generated/prisma/client";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { processState } from "../../platform/process-state";
import { parseInput } from "../../platform/validation";
import { assertCan, ROLES } from "../permissions";
import { RECORD_FIELDS, text } from "../users/profile";
import { MAX_MATCHING } from "./bulk-limits";
import { MAX_CURSOR_LENGTH, readCursor, writeCursor } from "./cursor";
import { cachedIds, cachedTotal, cacheKey, remember } from "./list-cache";
import { afterCursor, CURSOR_SORT_FIELDS, fromClause, orderClause, sortExpression, whereClause } from "./list-query";
import { memberPage, membersByIds } from "./member-rows";
import { STATUSES } from "./status";
import type { MemberView } from "./view";

/** Profile fields a list can filter and sort on (on the global user). */
export const USER_FIELDS = [...RECORD_FIELDS, "personId", "contributeAs"] as const;
/** Membership fields a list can filter and sort on. */
export const MEMBERSHIP_FIELDS = ["role", "status", "createdAt", "updatedAt", "activeDate"] as const;
export const SORT_FIELDS = ["id", ...USER_FIELDS, ...MEMBERSHIP_FIELDS] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export const MAX_LIMIT = 100;

export const listMembersSchema = z
  .object({
    page: z.number().int().min(1).max(1_000_000).default(1),
    limit: z.number().int().min(1).max(1_000).default(20),
    sort: z
      .array(z.object({ field: z.enum(SORT_FIELDS), desc: z.boolean() }))
      .max(5)
      .default([]),
    filters: z
      .array(
        z.object({
          field: z.enum(USER_FIELDS),
          op: z.enum(["eq", "prefix"]),
          value: text(254),
        }),
      )
      .max(20)
      .default([]),
    status: z.array(z.enum(STATUSES)).max(6).optional(),
    role: z.array(z.enum(ROLES)).max(5).optional(),
    groupId: z.number().int().positive().optional(),
    /** Only members who do (true) or do not (false) sign in with a second factor (managers only). */
    secondFactor: z.boolean().optional(),
    /** Custom attributes (per account) equal to these values. */
    attributes: z
      .array(z.object({ key: text(100).min(1), value: text(1000) }))
      .max(20)
      .default([]),
    /** Every word found in the names, email, username, title or department (case and accents ignored). */
    search: text(100).optional(),
    /** Keyset paging: "" starts at the first page; a page's nextCursor continues after it. */
    cursor: z.string().max(MAX_CURSOR_LENGTH).optional(),
  })
  .strict();

export type ListMembersInput = z.input<typeof listMembersSchema>;

export interface MemberPage {
  rows: MemberView[];
  total: number;
  page: number;
  limit: number;
  /** In cursor paging: the cursor of the page after this one (null on the last page). */
  nextCursor?: string | null;
}

/** Offsets from here on read a slice of the cached ordered ids instead of scanning. */
const DEEP_OFFSET = 1_000;
/** Lists longer than this are paged by OFFSET, not held in memory. */
const MAX_CACHED_IDS = 500_000;

export async function listMembers(actor: Actor, raw: ListMembersInput = {}): Promise<MemberPage> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const input = parseInput(listMembersSchema, raw);
  // Who lacks a second factor is for those who manage members.
  if (input.secondFactor !== undefined) assertCan(member.role, "members.manage");
  const db = await getDb();
  const where = whereClause({ ...input, accountId: member.accountId });
  const order = orderClause(input.sort);
  const from = fromClause(where.needsUser || order.needsUser);
  const shape = JSON.stringify([
    input.filters,
    input.status,
    input.role,
    input.groupId,
    input.attributes,
    input.search,
    input.secondFactor,
  ]);
  const [{ membersVersion }] = await db.$queryRaw<{ membersVersion: bigint }[]>`
    SELECT "membersVersion" FROM "Account" WHERE id = ${member.accountId}`;
  const countKey = cacheKey(member.accountId, String(membersVersion), shape);
  let total = cachedTotal(countKey);
  const counted =
    total === undefined
      ? singleFlight(
          `count|${countKey}`,
          () =>
            db.$queryRaw<
              { n: number }[]
            >`SELECT count(*)::int AS n FROM ${fromClause(where.needsUser)} WHERE ${where.sql}`,
        )
      : undefined;

  let ids: number[];
  let page = input.page;
  let nextCursor: string | null | undefined;
  if (input.cursor !== undefined) {
    const unsupported = order.keys.find((k) => !CURSOR_SORT_FIELDS.includes(k.field));
    if (unsupported)
      throw new DomainError("invalid_input", `cursor paging cannot sort by ${unsupported.field}`, [
        { field: "cursor", message: `sort by one of ${CURSOR_SORT_FIELDS.join(", ")} to page by cursor` },
      ]);
    const position = input.cursor === "" ? null : readCursor(input.cursor, order.keys);
    page = position ? position.page + 1 : 1;
    const after = position ? Prisma.sql`AND ${afterCursor(order.keys, position.values)}` : Prisma.empty;
    const keyColumns = Prisma.join(
      order.keys.map((k) => Prisma.sql`${sortExpression(k.field, k.desc).sql} AS ${Prisma.raw(`"k_${k.field}"`)}`),
    );
    const found = await db.$queryRaw<Record<string, unknown>[]>`
      SELECT m.id, ${keyColumns} FROM ${from} WHERE ${where.sql} ${after}
      ORDER BY ${order.sql} LIMIT ${input.limit + 1}`;
    const more = found.length > input.limit;
    const rows = found.slice(0, input.limit);
    ids = rows.map((r) => Number(r.id));
    const last = rows.at(-1);
    nextCursor =
      more && last
        ? writeCursor(
            order.keys,
            order.keys.map((k) => last[`k_${k.field}`]),
            page,
          )
        : null;
  } else {
    const offset = (input.page - 1) * input.limit;
    const orderKey = cacheKey(member.accountId, String(membersVersion), `${shape}|${JSON.stringify(order.keys)}`);
    let ordered = offset >= DEEP_OFFSET ? cachedIds(orderKey) : undefined;
    if (!ordered && offset >= DEEP_OFFSET) {
      if (total === undefined) {
        total = (await counted)?.[0]?.n ?? 0;
        remember(countKey, { total });
      }
      if (total <= MAX_CACHED_IDS) {
        // One read per list and version, however many requests miss at once.
        ordered = await singleFlight(orderKey, async () => {
          const all = await db.$queryRaw<
            { id: number }[]
          >`SELECT m.id FROM ${from} WHERE ${where.sql} ORDER BY ${order.sql}`;
          const list = Int32Array.from(all, (r) => r.id);
          remember(orderKey, { ids: list });
          return list;
        });
      }
    }
    if (ordered) ids = Array.from(ordered.subarray(offset, offset + input.limit));
    else {
      // One statement: the page's rows with their users.
      const rows = await memberPage(db, where.sql, order.sql, input.limit, offset);
      if (total === undefined) {
        total = (await counted)?.[0]?.n ?? 0;
        remember(countKey, { total });
      }
      return { rows, total, page, limit: input.limit, nextCursor };
    }
  }
  if (total === undefined) {
    total = (await counted)?.[0]?.n ?? 0;
    remember(countKey, { total });
  }
  const rows = await membersByIds(db, member.accountId, ids);
  return { rows, total, page, limit: input.limit, nextCursor };
}

/**
 * Every member a list's filters match, as id, role and status, in the list's
 * order: what "select all that match" hands a bulk action (and its undo).
 * For those who manage members; at most MAX_MATCHING, else a refusal.
 */
export async function listMatching(
  actor: Actor,
  raw: ListMembersInput = {},
): Promise<{ userId: number; role: string; status: string }[]> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const { page: _page, limit: _limit, cursor: _cursor, ...input } = parseInput(listMembersSchema, raw);
  const where = whereClause({ ...input, accountId: member.accountId });
  const order = orderClause(input.sort);
  const db = await getDb();
  const rows = await db.$queryRaw<{ userId: number; role: string; status: string }[]>`
    SELECT m."userId", m.role::text AS role, m.status::text AS status
    FROM ${fromClause(where.needsUser || order.needsUser)} WHERE ${where.sql}
    ORDER BY ${order.sql} LIMIT ${MAX_MATCHING + 1}`;
  if (rows.length > MAX_MATCHING)
    throw new DomainError(
      "invalid_input",
      `More than ${MAX_MATCHING.toLocaleString("en")} members match: narrow the filters`,
      [{ field: "q", message: "matches too many members for one bulk action" }],
    );
  return rows;
}

const inFlight = processState("list-reads-in-flight", () => new Map<string, Promise<unknown>>());

/** Concurrent misses of one cache key share one read. */
function singleFlight<T>(key: string, load: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const started = load().finally(() => inFlight.delete(key));
  // Handled here too: a request may fail (bad cursor) before it awaits the read.
  started.catch(() => {});
  inFlight.set(key, started);
  return started;
}
