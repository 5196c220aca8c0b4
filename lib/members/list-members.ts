import "server-only";
import { z } from "zod";
import type { Actor } from "../actor";
import { getDb } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { assertCan, ROLES } from "../permissions";
import { RECORD_FIELDS, text } from "../users/profile";
import { parseInput } from "../validation";
import { STATUSES } from "./status";
import { requireMember } from "./target";
import { type MemberView, memberView } from "./view";

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
    limit: z.number().int().min(1).max(MAX_LIMIT).default(20),
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
    /** Custom attributes (per account) equal to these values. */
    attributes: z
      .array(z.object({ key: text(100).min(1), value: text(1000) }))
      .max(20)
      .default([]),
    /** Name or email contains this (case-insensitive). */
    search: text(100).optional(),
  })
  .strict();

export type ListMembersInput = z.input<typeof listMembersSchema>;

export interface MemberPage {
  rows: MemberView[];
  total: number;
  page: number;
  limit: number;
}

export async function listMembers(actor: Actor, raw: ListMembersInput = {}): Promise<MemberPage> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const input = parseInput(listMembersSchema, raw);
  const userWhere: Prisma.UserWhereInput[] = input.filters.map(({ field, op, value }) => {
    const v = field === "email" ? value.toLowerCase() : value;
    if (field === "gender") return { gender: v as never };
    return { [field]: op === "eq" ? { equals: v } : { startsWith: v } };
  });
  if (input.search) {
    const s = input.search;
    userWhere.push({
      OR: [
        { email: { contains: s.toLowerCase() } },
        { firstName: { contains: s, mode: "insensitive" } },
        { lastName: { contains: s, mode: "insensitive" } },
        { displayName: { contains: s, mode: "insensitive" } },
      ],
    });
  }
  const attributeWhere: Prisma.MembershipWhereInput[] = input.attributes.map(({ key, value }) => ({
    OR: jsonCandidates(value).map((v) => ({ attributes: { path: [key], equals: v } })),
  }));
  const where: Prisma.MembershipWhereInput = {
    accountId: member.accountId,
    AND: attributeWhere.length ? attributeWhere : undefined,
    status: input.status?.length ? { in: input.status } : undefined,
    role: input.role?.length ? { in: input.role } : undefined,
    groups: input.groupId ? { some: { groupId: input.groupId } } : undefined,
    user: userWhere.length ? { AND: userWhere } : undefined,
  };
  const orderBy: Prisma.MembershipOrderByWithRelationInput[] = input.sort.map(({ field, desc }) => {
    const dir = desc ? "desc" : "asc";
    if (field === "id") return { userId: dir };
    if ((MEMBERSHIP_FIELDS as readonly string[]).includes(field)) return { [field]: dir };
    return { user: { [field]: { sort: dir, nulls: desc ? "first" : "last" } } };
  });
  orderBy.push({ userId: "asc" });
  const db = await getDb();
  const [rows, total] = await Promise.all([
    db.membership.findMany({
      where,
      orderBy,
      skip: (input.page - 1) * input.limit,
      take: input.limit,
      include: { user: true },
    }),
    db.membership.count({ where }),
  ]);
  return { rows: rows.map(memberView), total, page: input.page, limit: input.limit };
}

/** A query-string value matches the JSON string, or the number or boolean it spells. */
function jsonCandidates(value: string): Prisma.InputJsonValue[] {
  const out: Prisma.InputJsonValue[] = [value];
  if (value === "true" || value === "false") out.push(value === "true");
  else if (value.trim() !== "" && Number.isFinite(Number(value))) out.push(Number(value));
  return out;
}
