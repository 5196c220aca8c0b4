import "server-only";
import { type Filter, parse } from "scim2-parse-filter";
import { badRequest } from "./errors";

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
const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/;

/** A resource's names for the domain's fields: case-insensitive, with or without the core schema's URN. */
export const nameIn =
  <T extends string>(names: Record<string, T>) =>
  (attrPath: string): T | null => {
    const path = attrPath.toLowerCase();
    return names[path] ?? names[path.replace(CORE_PREFIX, "")] ?? null;
  };
