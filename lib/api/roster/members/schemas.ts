import "server-only";
import { z } from "zod";
import type { ListMembersInput } from "../../../domain/members/list-members";
import { SORT_FIELDS } from "../../../domain/members/list-members";
import { STATUSES } from "../../../domain/members/status";
import type { MemberView } from "../../../domain/members/view";
import { ROLES } from "../../../domain/permissions";
import { RECORD_FIELDS } from "../../../domain/users/profile";
import { DomainError } from "../../../platform/errors";
import { parseId } from "../../../platform/validation";
import { intParam, pageSchema } from "../../pagination";
import { attributeParam, customAttributeName, unknownParameter } from "../../query-params";

/** A member as the console's table shows it. */
export const memberRowSchema = z.object({
  id: z.number().int().describe("The user's id"),
  uid: z.string(),
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  displayName: z.string().nullable(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  role: z.enum(ROLES),
  status: z.enum(STATUSES),
  statusCode: z.number().int(),
  createdAt: z.string(),
  activeDate: z.string().nullable(),
  lastActiveAt: z
    .string()
    .nullable()
    .optional()
    .describe(
      "When the member last used this account (console or API), null if never; only for viewers who manage members",
    ),
});
export const memberPageSchema = pageSchema(memberRowSchema);

/** `seen`: lastActiveOf's answer (null: the viewer is not shown activity). */
export function toMemberRow(m: MemberView, seen: Map<number, Date> | null = null) {
  return {
    id: m.userId,
    uid: m.uid,
    email: m.email,
    firstName: m.firstName,
    lastName: m.lastName,
    displayName: m.displayName,
    title: m.title,
    department: m.department,
    role: m.role,
    status: m.status,
    statusCode: m.statusCode,
    createdAt: m.createdAt.toISOString(),
    activeDate: m.activeDate?.toISOString() ?? null,
    ...(seen && { lastActiveAt: seen.get(m.membershipId)?.toISOString() ?? null }),
  } satisfies z.output<typeof memberRowSchema>;
}

const KNOWN = new Set(["page", "limit", "sort", "status", "role", "group", "q", "cursor"]);

const list = <T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T[] | undefined => {
  const raw = params.get(name);
  if (!raw) return undefined;
  const values = raw
    .split(",")
    .map((v) => v.trim().toUpperCase())
    .filter(Boolean);
  const bad = values.find((v) => !(allowed as readonly string[]).includes(v));
  if (bad)
    throw new DomainError("bad_request", `Unknown ${name} "${bad}"`, [
      { field: name, message: `must be among ${allowed.join(", ")}` },
    ]);
  return values as T[];
};

/** The console table's query: page, limit, sort (-field), status and role (comma lists), group id, q (search). */
export function parseMemberQuery(params: URLSearchParams): ListMembersInput {
  const filters: NonNullable<ListMembersInput["filters"]> = [];
  const attributes: NonNullable<ListMembersInput["attributes"]> = [];
  for (const [key, value] of params) {
    const named = attributeParam(key);
    const field = named ?? key;
    if ((RECORD_FIELDS as readonly string[]).includes(field)) {
      // As in the records dialect: exact, or a prefix with a trailing *.
      const prefix = value.endsWith("*");
      filters.push({
        field: field as (typeof RECORD_FIELDS)[number],
        op: prefix ? "prefix" : "eq",
        value: prefix ? value.slice(0, -1) : value,
      });
    } else if (named !== null) attributes.push({ key: customAttributeName(named), value });
    else if (!KNOWN.has(key)) throw unknownParameter(key, [...KNOWN, ...RECORD_FIELDS]);
  }
  const sortParam = params.get("sort") ?? "lastName";
  const sort = sortParam
    .split(",")
    .filter(Boolean)
    .map((part) => {
      const field = part.replace(/^[-+]/, "");
      if (!(SORT_FIELDS as readonly string[]).includes(field)) {
        throw new DomainError("bad_request", `Cannot sort by "${field}"`, [
          { field: "sort", message: `"${field}" is not sortable` },
        ]);
      }
      return { field: field as (typeof SORT_FIELDS)[number], desc: part.startsWith("-") };
    });
  const group = params.get("group");
  if (group !== null && parseId(group) === null)
    throw new DomainError("invalid_input", "group must be a group id", [
      { field: "group", message: "must be a group id" },
    ]);
  return {
    page: intParam(params, "page", 1, 1, 1_000_000),
    limit: intParam(params, "limit", 25, 1, 100),
    sort,
    status: list(params, "status", STATUSES),
    role: list(params, "role", ROLES),
    groupId: group ? (parseId(group) ?? undefined) : undefined,
    search: params.get("q")?.trim() || undefined,
    cursor: params.get("cursor") ?? undefined,
    filters,
    attributes,
  };
}
