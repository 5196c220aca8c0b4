import "server-only";
import { type Filter, parse } from "scim2-parse-filter";
import { Prisma } from "../../generated/prisma/client";
import { badRequest } from "./errors";

// SCIM filters (RFC 7644 §3.4.2.2), parsed by scim2-parse-filter and compiled
// to SQL over the account's rows, so `userName eq "…"` is an index lookup
// however large the account. Attribute names compare case-insensitively;
// string values too, except where the schema says caseExact (id, externalId).

/** text: compared lower-cased; lower: stored lower-cased already (an index serves it); exact: caseExact. */
export type Kind = "text" | "lower" | "exact" | "boolean" | "date" | "id";
export interface Column {
  sql: Prisma.Sql;
  kind: Kind;
  /** An equality that an index serves better than `sql = value` (given the value as sent). */
  eq?: (value: string) => Prisma.Sql;
}
/** Lower-cased attribute path → the column it reads; complex ones resolve by the caller. */
export type Columns = Record<string, Column>;
/** Multi-valued complex attributes (members[value eq "…"]) compile through this. */
export type Complex = (attrPath: string, inner: Filter, compile: (f: Filter) => Prisma.Sql) => Prisma.Sql | null;

export function parseFilter(text: string): Filter {
  try {
    return parse(text);
  } catch (e) {
    throw badRequest("invalidFilter", `The filter cannot be parsed: ${(e as Error).message}`);
  }
}

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

export function compileFilter(filter: Filter, columns: Columns, complex?: Complex): Prisma.Sql {
  const compile = (f: Filter): Prisma.Sql => {
    switch (f.op) {
      case "and":
      case "or":
        return Prisma.sql`(${Prisma.join(f.filters.map(compile), f.op === "and" ? " AND " : " OR ")})`;
      case "not":
        return Prisma.sql`NOT COALESCE(${compile(f.filter)}, false)`;
      case "[]": {
        const sql = complex?.(f.attrPath.toLowerCase(), f.valFilter, compile);
        if (!sql) throw badRequest("invalidFilter", `Cannot filter on ${f.attrPath}[…]`);
        return sql;
      }
      default:
        return comparison(f, columns);
    }
  };
  return compile(filter);
}

/** The core schemas' URN prefixes an attribute may be qualified with (RFC 7644 §3.10). */
const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/;

function comparison(f: Filter & { attrPath: string }, columns: Columns): Prisma.Sql {
  const path = f.attrPath.toLowerCase();
  const column = columns[path] ?? columns[path.replace(CORE_PREFIX, "")];
  if (!column) throw badRequest("invalidFilter", `Cannot filter on ${f.attrPath}`);
  const { sql: col, kind } = column;
  if (f.op === "pr") return kind === "boolean" ? Prisma.sql`true` : Prisma.sql`(${col} IS NOT NULL)`;
  const value = (f as { compValue?: unknown }).compValue;
  if (kind === "boolean") {
    if (typeof value !== "boolean") throw badRequest("invalidFilter", `${f.attrPath} compares with true or false`);
    if (f.op !== "eq" && f.op !== "ne") throw badRequest("invalidFilter", `${f.attrPath} takes eq or ne`);
    return (f.op === "eq") === value ? col : Prisma.sql`NOT (${col})`;
  }
  if (kind === "date") {
    if (typeof value !== "string" || Number.isNaN(Date.parse(value)))
      throw badRequest("invalidFilter", `${f.attrPath} compares with a date (RFC 3339)`);
    const v = Prisma.sql`${new Date(value).toISOString()}::timestamptz AT TIME ZONE 'UTC'`;
    return Prisma.sql`(${col} ${Prisma.raw(ORDER_OPS[f.op] ?? "=")} ${v})`;
  }
  if (kind === "id") {
    // Compared as bigint: an id past the int range matches nothing instead of overflowing.
    const n = typeof value === "string" && /^\d{1,18}$/.test(value) ? Number(value) : value;
    if (!Number.isSafeInteger(n)) return f.op === "ne" ? Prisma.sql`true` : Prisma.sql`false`; // no such id
    return Prisma.sql`(${col}::bigint ${Prisma.raw(f.op === "ne" ? "<>" : (ORDER_OPS[f.op] ?? "="))} ${n}::bigint)`;
  }
  if (value === null) return f.op === "ne" ? Prisma.sql`(${col} IS NOT NULL)` : Prisma.sql`(${col} IS NULL)`;
  const v = String(value);
  if (f.op === "eq" && column.eq) return column.eq(v);
  const left = kind === "text" ? Prisma.sql`lower(${col})` : col;
  const right = kind === "exact" ? v : v.toLowerCase();
  switch (f.op) {
    case "eq":
      return Prisma.sql`(${left} = ${right})`;
    case "ne":
      return Prisma.sql`(${col} IS NULL OR ${left} <> ${right})`;
    case "co":
      return Prisma.sql`(${left} LIKE ${`%${escapeLike(right)}%`})`;
    case "sw":
      return Prisma.sql`(${left} LIKE ${`${escapeLike(right)}%`})`;
    case "ew":
      return Prisma.sql`(${left} LIKE ${`%${escapeLike(right)}`})`;
    default:
      return Prisma.sql`(${left} ${Prisma.raw(ORDER_OPS[f.op] ?? "=")} ${right})`;
  }
}

const ORDER_OPS: Record<string, string> = { eq: "=", gt: ">", ge: ">=", lt: "<", le: "<=" };
