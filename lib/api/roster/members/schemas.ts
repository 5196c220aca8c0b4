import "server-only";
import { z } from "zod";
import type { MemberSignals } from "../../../domain/members/last-active";
import type { ListMembersInput } from "../../../domain/members/list-members";
import { MAX_LIMIT, SORT_FIELDS } from "../../../domain/members/list-members";
import { STATUSES } from "../../../domain/members/status";
import type { MemberView } from "../../../domain/members/view";
import { ROLES } from "../../../domain/permissions";
import { RECORD_FIELDS } from "../../../domain/users/profile";
import { cursorQuery, pageSchema } from "../../pagination";
import { enumListQuery, filterShape, filtersOf, idQuery, intQuery, sortQuery } from "../../query-params";

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
  secondFactor: z
    .boolean()
    .optional()
    .describe("Whether the member signs in with a second factor; only for viewers who manage members"),
});
export const memberPageSchema = pageSchema(memberRowSchema);

/** `seen`: lastActiveOf's answer (null: the viewer is not shown activity). */
export function toMemberRow(m: MemberView, seen: Map<number, MemberSignals> | null = null) {
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
    ...(seen && {
      lastActiveAt: seen.get(m.membershipId)?.lastActiveAt?.toISOString() ?? null,
      secondFactor: seen.get(m.membershipId)?.secondFactor ?? false,
    }),
  } satisfies z.output<typeof memberRowSchema>;
}

const filterParams = {
  sort: sortQuery(SORT_FIELDS, {
    default: "lastName",
    description:
      "Comma-separated fields, `-` for descending. Names sort ignoring case, accents and punctuation, ties broken by the other name; blanks last either way",
    examples: ["-createdAt", "lastName,firstName"],
  }),
  status: enumListQuery("status", STATUSES, "ACTIVE,SUSPENDED"),
  role: enumListQuery("role", ROLES, "ADMIN,SUPER"),
  group: idQuery("must be a group id", "Only members of this group"),
  secondFactor: z
    .enum(["true", "false"])
    .optional()
    .describe("Only members who do (true) or do not (false) sign in with a second factor (viewers who manage members)")
    .transform((v) => (v === undefined ? undefined : v === "true")),
  q: z
    .string()
    .max(100, "at most 100 characters")
    .optional()
    .describe(
      "Search: every word (in any order) found in the names, email, username, title or department, ignoring case and accents",
    )
    .transform((q) => q?.trim() || undefined),
  ...filterShape(RECORD_FIELDS, "members"),
};

type FilterParams = z.output<z.ZodObject<typeof filterParams>>;

const toListInput = (q: FilterParams, ctx: z.RefinementCtx) => ({
  sort: q.sort,
  status: q.status,
  role: q.role,
  groupId: q.group,
  secondFactor: q.secondFactor,
  search: q.q,
  ...filtersOf(q, RECORD_FIELDS, ctx),
});

/** The console table's query (GET /api/v1/members): paging, sort, status and role lists, group, search, filters. */
export const memberQuerySchema = z
  .object({
    page: intQuery(1, 1_000_000, 1, "Page number, from 1"),
    limit: intQuery(1, MAX_LIMIT, 25, "Members per page"),
    ...filterParams,
    cursor: cursorQuery,
  })
  .strict()
  .transform(
    (q, ctx): ListMembersInput => ({ page: q.page, limit: q.limit, cursor: q.cursor, ...toListInput(q, ctx) }),
  );

/** The CSV export's query: the same filters, every page. */
export const memberExportQuerySchema = z
  .object(filterParams)
  .strict()
  .transform((q, ctx): ListMembersInput => toListInput(q, ctx));
