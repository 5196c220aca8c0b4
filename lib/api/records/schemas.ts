import "server-only";
import { z } from "zod";
import { MAX_LIMIT } from "../../domain/members/list-members";
import { attributeNameProblem, GENDERS, profileFields, RECORD_FIELDS } from "../../domain/users/profile";
import { MAX_PASSWORD_LENGTH } from "../../platform/auth/passwords";
import { DomainError } from "../../platform/errors";
import { idSchema } from "../../platform/validation";
import { cursorQuery, pageSchema } from "../pagination";
import { filterShape, filtersOf, intQuery, optionalIntQuery, refuse, sortQuery } from "../query-params";

export { RECORD_FIELDS };
export type RecordField = (typeof RECORD_FIELDS)[number];

const RECORD_SORT_FIELDS = ["id", ...RECORD_FIELDS] as const;

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

/**
 * GET list parameters: page, limit, sort (`-field` descending, comma-separated),
 * profile attribute filters (`lastName=Sm*`) and any attribute as `attributes[name]=value`.
 */
export const recordQuerySchema = z
  .object({
    // No documented default: a client that fills defaults in would send page beside cursor.
    page: optionalIntQuery(1, 1_000_000, {
      description: "Page number, from 1 (the first when absent); not with cursor",
    }),
    limit: intQuery(1, MAX_LIMIT, 20, "Records per page"),
    sort: sortQuery(RECORD_SORT_FIELDS, {
      description:
        'Comma-separated attributes; a leading "-" sorts descending. Ties break by id. Names sort accent- and case-insensitively; a missing value sorts last in both directions',
      examples: ["-lastName", "lastName,firstName"],
    }),
    cursor: cursorQuery,
    ...filterShape(RECORD_FIELDS, "records"),
  })
  .strict()
  .transform((q, ctx) => {
    if (q.cursor !== undefined && q.page !== undefined)
      refuse(ctx, "cannot be combined with page", "Send page or cursor, not both", ["cursor"]);
    return { page: q.page ?? 1, limit: q.limit, sort: q.sort, cursor: q.cursor, ...filtersOf(q, RECORD_FIELDS, ctx) };
  });

/** A record's id in its path. */
export const pathIdSchema = z.object({ id: idSchema });
