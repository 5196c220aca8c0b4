import "server-only";
import type { AuditQuery } from "../../../domain/audit/list-events";
import { AUDIT_TARGET_TYPES } from "../../../domain/audit/record";
import { DomainError } from "../../../platform/errors";
import { parseId } from "../../../platform/validation";
import { unknownParameter } from "../../query-params";

/** The audit log's filters, as the console's form and the CSV export take them. */
export const AUDIT_PARAMS = ["actor", "action", "targetType", "targetId", "from", "to"] as const;

/**
 * actor: a user id, or words of a name or email; action: a prefix of the action
 * codes ("member."); from/to: dates (YYYY-MM-DD, whole days in UTC).
 */
export function parseAuditQuery(params: URLSearchParams): Omit<AuditQuery, "page" | "limit"> {
  for (const key of params.keys())
    if (!(AUDIT_PARAMS as readonly string[]).includes(key)) throw unknownParameter(key, AUDIT_PARAMS);
  const bad = (field: string, message: string) =>
    new DomainError("invalid_input", `Invalid ${field}: ${message}`, [{ field, message }]);
  const date = (field: "from" | "to") => {
    const s = params.get(field);
    if (!s) return undefined;
    if (!/^\d{4}-\d\d-\d\d$/.test(s) || Number.isNaN(Date.parse(s))) throw bad(field, "must be a date (YYYY-MM-DD)");
    return new Date(`${s}T${field === "to" ? "23:59:59.999" : "00:00:00"}Z`);
  };
  const actor = params.get("actor")?.trim() || undefined;
  const targetType = params.get("targetType") || undefined;
  if (targetType && !(AUDIT_TARGET_TYPES as readonly string[]).includes(targetType))
    throw bad("targetType", `must be one of ${AUDIT_TARGET_TYPES.join(", ")}`);
  return {
    // A number is a user id; any other text searches actors' names and emails.
    actorUserId: parseId(actor) ?? undefined,
    actorSearch: actor && parseId(actor) === null ? actor : undefined,
    action: params.get("action") || undefined,
    targetType: targetType as AuditQuery["targetType"],
    targetId: params.get("targetId") || undefined,
    from: date("from"),
    to: date("to"),
  };
}
