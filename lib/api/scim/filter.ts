import "server-only";
import { type Filter, parse } from "scim2-parse-filter";
import { renameFilter } from "../../domain/filters/filter-sql";
import { badRequest } from "./errors";
import { MAX_RESULTS } from "./schemas";

// SCIM filters (RFC 7644 §3.4.2.2) as text: parsed here, renamed to the
// domain's fields by each resource (users.ts, groups.ts), compiled to SQL by
// the domain (lib/domain/filters/filter-sql.ts).

export function parseFilter(text: string): Filter {
  try {
    return parse(text);
  } catch (e) {
    throw badRequest("invalidFilter", `The filter cannot be parsed: ${(e as Error).message}`);
  }
}

/** The core schemas' URN prefixes an attribute may be qualified with (RFC 7644 §3.10). */
const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/i;

/** A resource's names for the domain's fields: case-insensitive, with or without the core schema's URN. */
export const nameIn =
  <T extends string>(names: Record<string, T>) =>
  (attrPath: string): T | null => {
    const path = attrPath.toLowerCase();
    return names[path] ?? names[path.replace(CORE_PREFIX, "")] ?? null;
  };

/** A list request (RFC 7644 §3.4.2): filter text, 1-based startIndex, count, sortBy and its order. */
export interface ListQuery {
  filter?: string;
  startIndex: number;
  count: number;
  sortBy?: string;
  descending: boolean;
}

/** A resource's names: attributes → fields, a multi-valued one's values → its fields, sortBy → orders. */
export interface ResourceNames<F extends string, S extends string> {
  fields: Record<string, F>;
  values: Partial<Record<F, Record<string, string>>>;
  sorts: Record<string, S>;
  /** Said when sortBy names no order: "Cannot sort by", "Cannot sort groups by". */
  cannotSort: string;
  /**
   * Multi-valued attributes a plain comparison reads value by value (RFC
   * 7644 §3.4.2.2: `emails co "example.com"`, `emails.type eq "work"` hold
   * when some email does), as `attr[sub op value]`.
   */
  eachValue?: string[];
}

/** `emails op v` and `emails.sub op v` as `emails[value op v]` and `emails[sub op v]`. */
function perValue(f: Filter, attrs: string[]): Filter {
  switch (f.op) {
    case "and":
    case "or":
      return { ...f, filters: f.filters.map((x) => perValue(x, attrs)) };
    case "not":
      return { ...f, filter: perValue(f.filter, attrs) };
    case "[]":
      return f;
    default: {
      const path = f.attrPath.replace(CORE_PREFIX, "");
      const [top, sub, ...more] = path.split(".");
      const attr = attrs.find((a) => a.toLowerCase() === top.toLowerCase());
      if (!attr || more.length) return f;
      return { op: "[]", attrPath: attr, valFilter: { ...f, attrPath: sub ?? "value" } } as Filter;
    }
  }
}

/** A list request in the domain's names, with its page: what selectMembers and selectGroups take. */
export function selectionOf<F extends string, S extends string>(q: ListQuery, names: ResourceNames<F, S>, byId: S) {
  const field = nameIn(names.fields);
  const parsed = q.filter ? parseFilter(q.filter) : null;
  const filter = parsed
    ? renameFilter(names.eachValue ? perValue(parsed, names.eachValue) : parsed, field, (path) => {
        const values = names.values[field(path) as F];
        return values ? nameIn(values) : null;
      })
    : null;
  const sort = q.sortBy ? names.sorts[q.sortBy.toLowerCase()] : byId;
  if (!sort) throw badRequest("invalidValue", `${names.cannotSort} ${q.sortBy}`);
  return { filter, sort, descending: q.descending, offset: q.startIndex - 1, limit: Math.min(q.count, MAX_RESULTS) };
}
