import "server-only";
import { Prisma } from "../../generated/prisma/client";

// SQL for an account's member list. Sorting by name or email goes through the
// membership's own sort keys (names folded: accents, case and punctuation;
// COLLATE "C"; blanks last in both directions; a name's ties broken by the
// other name), so each common order is one index range: page 1, a deep page
// and a cursor page all read only the rows they answer.

export type SortSpec = { field: string; desc: boolean };
export type Filter = { field: string; op: "eq" | "prefix"; value: string };

export interface ListWhere {
  accountId: number;
  filters: Filter[];
  status?: string[];
  role?: string[];
  groupId?: number;
  secondFactor?: boolean;
  attributes: { key: string; value: string }[];
  search?: string;
}

/** Sort keys copied onto the membership (see the list_sort_keys migration). */
const SORT_KEY_COLUMNS: Record<string, string> = {
  lastName: "sortLastName",
  firstName: "sortFirstName",
  email: "sortEmail",
};
/** Names sort by their folded key (roster_name_sort_key); emails by lower case only. */
const NAME_FIELDS = new Set(["lastName", "firstName"]);
/** A name's ties break by the other name, in the same direction (one index serves both). */
const TIE_BREAK: Record<string, string> = { lastName: "firstName", firstName: "lastName" };
/** Orders a keyset cursor can resume: their keys are never NULL. */
export const CURSOR_SORT_FIELDS = ["id", "lastName", "firstName", "email", "role", "status", "createdAt", "updatedAt"];

const col = (alias: "m" | "u", name: string) => Prisma.raw(`${alias}."${name.replace(/"/g, "")}"`);

/** Fields that are never NULL: their descending order needs no NULLS LAST (and keeps its index). */
const NEVER_NULL = new Set(["id", "role", "status", "createdAt", "updatedAt", "gender"]);

/**
 * The expression a list sorts by for a field in a direction, and whether it
 * needs the person's row (never: see the sort keys). Blanks sort last both
 * ways: a name key descends through roster_desc_key (indexed), other columns
 * with NULLS LAST.
 */
export function sortExpression(field: string, desc = false): { sql: Prisma.Sql; needsUser: boolean; key: string } {
  if (field === "id") return { sql: col("m", "userId"), needsUser: false, key: "userId" };
  const sortKey = SORT_KEY_COLUMNS[field];
  if (sortKey)
    return {
      sql: desc ? Prisma.sql`roster_desc_key(${col("m", sortKey)})` : col("m", sortKey),
      needsUser: false,
      key: sortKey,
    };
  // Every other field is the member profile's, on the membership itself.
  return { sql: col("m", field), needsUser: false, key: field };
}

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);
const likePrefix = (v: string) => `${escapeLike(v)}%`;

/** A search's words: split on spaces and commas ("García, Mateo"), repeats dropped, at most 8. */
export function searchWords(search: string | undefined): string[] {
  if (!search) return [];
  return [...new Set(search.split(/[\s,;]+/u).filter(Boolean))].slice(0, 8);
}

/** WHERE conditions, and whether they need the user row joined. */
export function whereClause(w: ListWhere): { sql: Prisma.Sql; needsUser: boolean } {
  const parts: Prisma.Sql[] = [Prisma.sql`m."accountId" = ${w.accountId}`];
  let needsUser = false;
  for (const { field, op, value } of w.filters) {
    // The email is the person's; every other field is this account's member profile.
    const alias = field === "email" ? "u" : "m";
    if (alias === "u") needsUser = true;
    const sortKey = SORT_KEY_COLUMNS[field];
    const v = field === "email" ? value.toLowerCase() : value;
    if (field === "gender") {
      parts.push(Prisma.sql`m."gender"::text = ${v}`);
      continue;
    }
    const name = NAME_FIELDS.has(field);
    if (op === "eq") {
      // The sort key narrows through the index; the column decides exactly.
      if (sortKey)
        parts.push(
          Prisma.sql`${col("m", sortKey)} = ${name ? Prisma.sql`roster_name_sort_key(${v})` : Prisma.sql`roster_sort_key(${v})`}`,
        );
      parts.push(Prisma.sql`${col(alias, field)} = ${v}`);
    } else {
      if (sortKey) {
        const key = name ? Prisma.sql`roster_name_key(${v})` : Prisma.sql`lower(${v})`;
        parts.push(
          Prisma.sql`${col("m", sortKey)} >= ${key} COLLATE "C" AND ${col("m", sortKey)} < (${key} || U&'\\+10FFFF') COLLATE "C"`,
        );
      }
      parts.push(Prisma.sql`${col(alias, field)} LIKE ${likePrefix(v)}`);
    }
  }
  // Every word somewhere in the member's folded search text (names, email,
  // title, department): "garcia mateo" finds Mateo García. The trigram index
  // answers each LIKE; roster_fold runs once per word, at planning.
  for (const word of searchWords(w.search))
    parts.push(Prisma.sql`m."searchText" LIKE ('%' || roster_fold(${escapeLike(word)}) || '%')`);
  // Lists travel as comma-joined text (enum names have no commas): PGlite's
  // driver cannot bind array parameters.
  if (w.status?.length)
    parts.push(Prisma.sql`m."status" = ANY(string_to_array(${w.status.join(",")}, ',')::"MembershipStatus"[])`);
  if (w.role?.length) parts.push(Prisma.sql`m."role" = ANY(string_to_array(${w.role.join(",")}, ',')::"Role"[])`);
  if (w.groupId !== undefined)
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "GroupMember" g WHERE g."membershipId" = m.id AND g."groupId" = ${w.groupId})`,
    );
  if (w.secondFactor !== undefined)
    parts.push(
      Prisma.sql`${w.secondFactor ? Prisma.empty : Prisma.sql`NOT`} EXISTS (SELECT 1 FROM "SecondFactor" f WHERE f."userId" = m."userId" AND f."confirmedAt" IS NOT NULL)`,
    );
  for (const { key, value } of w.attributes) {
    const candidates = jsonCandidates(value).map((c) => Prisma.sql`${JSON.stringify(c)}::jsonb`);
    parts.push(Prisma.sql`m."attributes" -> ${key} IN (${Prisma.join(candidates)})`);
  }
  return { sql: Prisma.join(parts, " AND "), needsUser };
}

/** A query-string value matches the JSON string, or the number or boolean it spells. */
function jsonCandidates(value: string): unknown[] {
  const out: unknown[] = [value];
  if (value === "true" || value === "false") out.push(value === "true");
  else if (value.trim() !== "" && Number.isFinite(Number(value))) out.push(Number(value));
  return out;
}

/** ORDER BY: the requested keys, then the user id in the last key's direction (so one index serves both). */
export function orderClause(sort: SortSpec[]): { sql: Prisma.Sql; needsUser: boolean; keys: SortSpec[] } {
  const keys = withTieBreak(sort.filter((s) => s.field !== "id"));
  const idDesc = sort.find((s) => s.field === "id")?.desc ?? keys.at(-1)?.desc ?? false;
  keys.push({ field: "id", desc: idDesc });
  return { sql: orderTerms(keys), needsUser: false, keys };
}

/** The keys with a last name's tie-break (first name) or a first name's (last name) appended. */
export function withTieBreak(keys: SortSpec[]): SortSpec[] {
  const last = keys.at(-1);
  const other = last && TIE_BREAK[last.field];
  if (!last || !other || keys.some((k) => k.field === other)) return [...keys];
  return [...keys, { field: other, desc: last.desc }];
}

/** "key DIR, key DIR…" for the keys as given (SCIM's sortBy reads this too). */
export function orderTerms(keys: SortSpec[]): Prisma.Sql {
  const direction = (k: SortSpec) =>
    !k.desc ? "ASC" : NEVER_NULL.has(k.field) || SORT_KEY_COLUMNS[k.field] ? "DESC" : "DESC NULLS LAST";
  return Prisma.join(
    keys.map((k) => Prisma.sql`${sortExpression(k.field, k.desc).sql} ${Prisma.raw(direction(k))}`),
    ", ",
  );
}

/** Rows after a cursor position: a row comparison when every key goes one way, else the expanded form. */
export function afterCursor(keys: SortSpec[], values: unknown[]): Prisma.Sql {
  const exprs = keys.map((k) => sortExpression(k.field, k.desc).sql);
  const params = keys.map((k, i) => castFor(k.field, values[i]));
  if (keys.every((k) => k.desc === keys[0].desc)) {
    const op = Prisma.raw(keys[0].desc ? "<" : ">");
    return Prisma.sql`(${Prisma.join(exprs)}) ${op} (${Prisma.join(params)})`;
  }
  const ors = keys.map((k, i) => {
    const equal = exprs.slice(0, i).map((e, j) => Prisma.sql`${e} = ${params[j]}`);
    const beyond = Prisma.sql`${exprs[i]} ${Prisma.raw(k.desc ? "<" : ">")} ${params[i]}`;
    return Prisma.sql`(${Prisma.join([...equal, beyond], " AND ")})`;
  });
  return Prisma.sql`(${Prisma.join(ors, " OR ")})`;
}

function castFor(field: string, value: unknown): Prisma.Sql {
  if (field === "id") return Prisma.sql`${Number(value)}::int`;
  if (field === "createdAt" || field === "updatedAt") return Prisma.sql`${String(value)}::timestamp(3)`;
  if (field === "status") return Prisma.sql`${String(value)}::"MembershipStatus"`;
  if (field === "role") return Prisma.sql`${String(value)}::"Role"`;
  return Prisma.sql`${String(value)} COLLATE "C"`;
}

/**
 * The account's memberships, with their users when a condition or order needs
 * them. The user is joined row by row through its primary key (OFFSET 0 keeps
 * the planner from flattening the subquery): an account is a small part of all
 * users, and a hash join would read every one of them.
 */
export const USER_OF_MEMBERSHIP = Prisma.sql`CROSS JOIN LATERAL (SELECT * FROM "User" WHERE id = m."userId" OFFSET 0) u`;

export const fromClause = (needsUser: boolean) =>
  needsUser ? Prisma.sql`"Membership" m ${USER_OF_MEMBERSHIP}` : Prisma.sql`"Membership" m`;
