import "server-only";
import type { Filter } from "scim2-parse-filter";
import { Prisma } from "../../generated/prisma/client";
import { DomainError } from "../../platform/errors";

// Filters in RFC 7644's grammar (§3.4.2.2; parsed by scim2-parse-filter),
// compiled to SQL over a table of named fields, so `userName eq "…"` is an
// index lookup however large the account. A dialect renames its attributes to
// these fields first (renameFilter) and never sees a column. String values
// compare case-insensitively except where a field is exact.

/** text: compared lower-cased; lower: stored lower-cased already (an index serves it); exact: as sent. */
export type Kind = "text" | "lower" | "exact" | "boolean" | "date" | "id";
export interface Field {
  sql: Prisma.Sql;
  kind: Kind;
  /** An equality that an index serves better than `sql = value` (given the value as sent). */
  eq?: (value: string) => Prisma.Sql;
}
export type Fields = Record<string, Field>;
/** One kind of value of a multi-valued field: its fields, and "some value satisfies" as SQL. */
export interface Values {
  fields: Fields;
  some: (inner: Prisma.Sql) => Prisma.Sql;
}
/**
 * Multi-valued fields (members[value eq "…"]): their values, and where a
 * field keeps values in two places (a member's login email in a column, their
 * other emails in JSON), the second place (`also`).
 */
export type Complex = Record<string, Values & { also?: Values }>;

/** A filter node renamed by a dialect: `shown` is the attribute as the caller wrote it, for messages. */
type Named = { attrPath: string; shown?: string };

export const invalidFilter = (message: string) => new DomainError("invalid_filter", message);

/** Renames every attribute of a parsed filter to a field name (null: refused as unknown). */
export function renameFilter(
  filter: Filter,
  name: (attrPath: string) => string | null,
  inner: (attrPath: string) => ((attrPath: string) => string | null) | null = () => null,
): Filter {
  const walk = (f: Filter): Filter => {
    switch (f.op) {
      case "and":
      case "or":
        return { ...f, filters: f.filters.map(walk) };
      case "not":
        return { ...f, filter: walk(f.filter) };
      case "[]": {
        const field = name(f.attrPath);
        const names = inner(f.attrPath);
        if (!field || !names) throw invalidFilter(`Cannot filter on ${f.attrPath}[…]`);
        return {
          ...f,
          attrPath: field,
          shown: f.attrPath,
          valFilter: renameFilter(f.valFilter, names),
        } as unknown as Filter;
      }
      default: {
        const field = name(f.attrPath);
        if (!field) throw invalidFilter(`Cannot filter on ${f.attrPath}`);
        return { ...f, attrPath: field, shown: f.attrPath } as unknown as Filter;
      }
    }
  };
  return walk(filter);
}

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

export function compileFilter(filter: Filter, fields: Fields, complex: Complex = {}): Prisma.Sql {
  const compile = (f: Filter): Prisma.Sql => {
    switch (f.op) {
      case "and":
      case "or":
        return Prisma.sql`(${Prisma.join(f.filters.map(compile), f.op === "and" ? " AND " : " OR ")})`;
      case "not":
        return Prisma.sql`NOT COALESCE(${compile(f.filter)}, false)`;
      case "[]": {
        const multi = complex[f.attrPath];
        if (!multi) throw invalidFilter(`Cannot filter on ${shown(f)}[…]`);
        const first = multi.some(compileFilter(f.valFilter, multi.fields));
        if (!multi.also) return first;
        return Prisma.sql`(${first} OR ${multi.also.some(compileFilter(f.valFilter, multi.also.fields))})`;
      }
      default:
        return comparison(f, fields);
    }
  };
  return compile(filter);
}

const shown = (f: Named) => f.shown ?? f.attrPath;

function comparison(f: Filter & Named, fields: Fields): Prisma.Sql {
  const field = fields[f.attrPath];
  if (!field) throw invalidFilter(`Cannot filter on ${shown(f)}`);
  const { sql: col, kind } = field;
  if (f.op === "pr") return kind === "boolean" ? Prisma.sql`true` : Prisma.sql`(${col} IS NOT NULL)`;
  const value = (f as { compValue?: unknown }).compValue;
  if (kind === "boolean") {
    if (typeof value !== "boolean") throw invalidFilter(`${shown(f)} compares with true or false`);
    if (f.op !== "eq" && f.op !== "ne") throw invalidFilter(`${shown(f)} takes eq or ne`);
    return (f.op === "eq") === value ? col : Prisma.sql`NOT (${col})`;
  }
  if (kind === "date") {
    if (typeof value !== "string" || Number.isNaN(Date.parse(value)))
      throw invalidFilter(`${shown(f)} compares with a date (RFC 3339)`);
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
  if (f.op === "eq" && field.eq) return field.eq(v);
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
