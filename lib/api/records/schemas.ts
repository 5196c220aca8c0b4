import "server-only";
import { z } from "zod";
import { MAX_LIMIT } from "../../domain/members/list-members";
import { attributeNameProblem, GENDERS, profileFields, RECORD_FIELDS } from "../../domain/users/profile";
import { MAX_PASSWORD_LENGTH } from "../../platform/auth/passwords";
import { DomainError } from "../../platform/errors";
import { intParam, pageSchema } from "../pagination";
import { attributeParam, customAttributeName, unknownParameter } from "../query-params";

export { RECORD_FIELDS };
export type RecordField = (typeof RECORD_FIELDS)[number];

export const RECORD_SORT_FIELDS = ["id", ...RECORD_FIELDS] as const;

const nullableString = z.string().nullable();

/** Each record attribute as answered: text or null, gender one of its values. */
const recordFields = Object.fromEntries(
  RECORD_FIELDS.map((f) => [f, f === "gender" ? z.enum(GENDERS) : nullableString]),
) as {
  [F in RecordField]: F extends "gender" ? z.ZodEnum<{ [G in (typeof GENDERS)[number]]: G }> : typeof nullableString;
};

/** A record as answered (seed 003), plus the account's custom attributes as extra keys. */
export const recordSchema = z
  .object({
    id: z.number().int().describe("The user's id"),
    ...recordFields,
  })
  .catchall(z.json().describe("Custom attributes of this account"));

export const recordWithLinksSchema = recordSchema.extend({
  links: z.array(z.object({ rel: z.literal("self"), url: z.string() })),
});

export const recordListSchema = pageSchema(recordSchema);

/** Body of POST, PUT and PATCH: every attribute optional; other keys are custom attributes. */
export const recordBodySchema = z
  .object({
    ...profileFields,
    password: z.string().max(MAX_PASSWORD_LENGTH).describe("Write-only; stored as an argon2id hash"),
  })
  .partial()
  .catchall(z.json());

/** Splits a record body into profile fields, password and custom attributes. */
export function splitRecordBody(body: Record<string, unknown>, pathId?: number) {
  const known: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === "links") continue; // a record read back and sent again
    if (key === "id") {
      if (pathId === undefined || value !== pathId) {
        throw new DomainError("invalid_input", "id is set by the server and cannot change", [
          { field: "id", message: "cannot be set" },
        ]);
      }
      continue;
    }
    if (Object.hasOwn(profileFields, key) || key === "password") {
      known[key] = value;
      continue;
    }
    const problem = attributeNameProblem(key);
    if (problem)
      throw new DomainError("invalid_input", `"${key}" cannot be a custom attribute: the name ${problem}`, [
        { field: key, message: problem },
      ]);
    attributes[key] = value;
  }
  return { known, attributes };
}

export interface RecordListQuery {
  page: number;
  limit: number;
  sort: { field: (typeof RECORD_SORT_FIELDS)[number]; desc: boolean }[];
  filters: { field: RecordField; op: "eq" | "prefix"; value: string }[];
  attributes: { key: string; value: string }[];
  cursor?: string;
}

const RESERVED_PARAMS = new Set(["page", "limit", "sort", "cursor"]);

/**
 * GET list parameters: page, limit, sort (`-field` descending, comma-separated),
 * profile attribute filters (`lastName=Sm*`) and any attribute as `attributes[name]=value`.
 */
export function parseListQuery(params: URLSearchParams): RecordListQuery {
  const page = intParam(params, "page", 1, 1, 1_000_000);
  const limit = intParam(params, "limit", 20, 1, MAX_LIMIT);
  const sort: RecordListQuery["sort"] = [];
  for (const part of (params.get("sort") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const field = part.replace(/^[-+]/, "");
    if (!(RECORD_SORT_FIELDS as readonly string[]).includes(field)) {
      throw new DomainError("bad_request", `Cannot sort by "${field}"`, [
        { field: "sort", message: `"${field}" is not one of ${RECORD_SORT_FIELDS.join(", ")}` },
      ]);
    }
    sort.push({ field: field as RecordListQuery["sort"][number]["field"], desc: part.startsWith("-") });
  }
  if (sort.length > 5)
    throw new DomainError("bad_request", "Sort by at most 5 attributes", [{ field: "sort", message: "at most 5" }]);
  const filters: RecordListQuery["filters"] = [];
  const attributes: RecordListQuery["attributes"] = [];
  for (const [key, value] of params) {
    if (RESERVED_PARAMS.has(key)) continue;
    if (value.length > 254)
      throw new DomainError("invalid_input", `${key} filter is too long`, [
        { field: key, message: "at most 254 characters" },
      ]);
    const prefix = value.endsWith("*");
    const v = prefix ? value.slice(0, -1) : value;
    const named = attributeParam(key);
    const field = named ?? key;
    if ((RECORD_FIELDS as readonly string[]).includes(field)) {
      filters.push({ field: field as RecordField, op: prefix ? "prefix" : "eq", value: v });
    } else if (named !== null) {
      attributes.push({ key: customAttributeName(named), value });
    } else {
      throw unknownParameter(key, [...RESERVED_PARAMS, ...RECORD_FIELDS]);
    }
  }
  if (filters.length + attributes.length > 20)
    throw new DomainError("bad_request", "At most 20 filters", [{ field: "filters", message: "at most 20" }]);
  const cursor = params.get("cursor") ?? undefined;
  if (cursor !== undefined && params.has("page"))
    throw new DomainError("bad_request", "Send page or cursor, not both", [
      { field: "cursor", message: "cannot be combined with page" },
    ]);
  return { page, limit, sort, filters, attributes, cursor };
}

export const pathIdSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,10}$/, "must be a numeric id")
    .transform(Number)
    .pipe(z.number().int().positive("must be a positive id").max(2_147_483_647, "is too large")),
});
