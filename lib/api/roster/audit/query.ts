import "server-only";
import { z } from "zod";
import { AUDIT_TARGET_TYPES } from "../../../domain/audit/record";
import { parseId } from "../../../platform/validation";
import { intQuery } from "../../query-params";

/** A day (YYYY-MM-DD, UTC): its first moment, or with `end` its last. */
const day = (end: boolean, description: string) =>
  z
    .string()
    .optional()
    .meta({ format: "date", description })
    .transform((s, ctx) => {
      if (!s) return undefined;
      if (!/^\d{4}-\d\d-\d\d$/.test(s) || Number.isNaN(Date.parse(s))) {
        ctx.addIssue({ code: "custom", message: "must be a date (YYYY-MM-DD)" });
        return z.NEVER;
      }
      return new Date(`${s}T${end ? "23:59:59.999" : "00:00:00"}Z`);
    });

const blankIsAbsent = (v: unknown) => (v === "" ? undefined : v);

const filters = {
  actor: z
    .string()
    .max(100, "at most 100 characters")
    .optional()
    .describe("A user id, or words of the actor's name or email"),
  action: z.preprocess(
    blankIsAbsent,
    z
      .string()
      .max(100, "at most 100 characters")
      .optional()
      .meta({ description: "A prefix of the action codes", examples: ["member."] }),
  ),
  targetType: z
    .preprocess(blankIsAbsent, z.enum(AUDIT_TARGET_TYPES, `must be one of ${AUDIT_TARGET_TYPES.join(", ")}`).optional())
    .describe("What the events are about"),
  targetId: z
    .preprocess(blankIsAbsent, z.string().max(50, "at most 50 characters").optional())
    .describe("The target's id (a user id for members)"),
  from: day(false, "From this day (UTC)"),
  to: day(true, "Up to this day (UTC)"),
};

type Filters = z.output<z.ZodObject<typeof filters>>;

// A number is a user id; any other text searches actors' names and emails.
const toAuditQuery = ({ actor: raw, ...q }: Filters) => {
  const actor = raw?.trim() || undefined;
  const id = parseId(actor);
  return { ...q, actorUserId: id ?? undefined, actorSearch: id === null ? actor : undefined };
};

/** The audit log's filters, as the CSV export takes them. */
export const auditQuerySchema = z.object(filters).strict().transform(toAuditQuery);

/** The console's audit page: the same filters and a page. */
export const auditPageQuerySchema = z
  .object({ ...filters, page: intQuery(1, 100_000, 1, "Page number, from 1") })
  .strict()
  .transform(({ page, ...q }) => ({ ...toAuditQuery(q), page }));

/** The filters' names, which the console carries into its export link. */
export const AUDIT_PARAMS = Object.keys(filters);
