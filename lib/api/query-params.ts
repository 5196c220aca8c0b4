import "server-only";
import { z } from "zod";
import { attributeNameProblem } from "../domain/users/profile";
import { DomainError } from "../platform/errors";
import { MAX_ID, parseId } from "../platform/validation";

// A list's query parameters are one zod object: it validates them, types what
// the route reads and is the OpenAPI document's parameter list. A value out of
// bounds is a 422 (invalid_input); a name or value the list does not know is a
// 400 (bad_request), flagged on its issue by `refuse`. The document reads a
// parameter's words from the schema its text enters (zod keeps only the
// description of a transform's), so they are given before any transform.

interface Refusal {
  code: "bad_request";
  error: string;
}

/** Fails a parameter with a 400: `error` is the answer's message, `message` its detail. */
export function refuse(ctx: z.RefinementCtx, message: string, error: string, path?: (string | number)[]): never {
  ctx.addIssue({ code: "custom", message, params: { code: "bad_request", error } satisfies Refusal, path });
  return z.NEVER as never;
}

/** `attributes[badge]=B-7` (OpenAPI deepObject): the attribute it names, else null. */
function attributeParam(key: string): string | null {
  const m = key.match(/^attributes\[([^\]]*)\]$/);
  return m ? m[1] : null;
}

/** The 400 for a parameter a list does not take, with what was probably meant. */
function unknownParameter(key: string, known: readonly string[]): DomainError {
  // Case, "_" and "-" aside: lastname → lastName, userid → user_id.
  const fold = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  const near = known.find((k) => fold(k) === fold(key));
  const takesAttributes = known.includes("attributes");
  const hint =
    key === "attributes" && takesAttributes
      ? ": filter by attributes as attributes[name]=value"
      : near
        ? ` (did you mean "${near}"?)`
        : takesAttributes && attributeNameProblem(key) === null
          ? ` (a custom attribute is filtered as attributes[${key}]=…)`
          : "";
  return new DomainError("bad_request", `Unknown parameter "${key}"${hint}`, [
    { field: key, message: "unknown parameter" },
  ]);
}

/**
 * Reads a query string through its schema: `attributes[name]=value` pairs become
 * one `attributes` object; an unknown or repeated parameter is a 400 naming it.
 */
export function parseQuery<S extends z.ZodObject | z.ZodPipe<z.ZodObject>>(
  schema: S,
  params: URLSearchParams,
): z.output<S> {
  const object: z.ZodObject = schema instanceof z.ZodPipe ? schema.in : (schema as z.ZodObject);
  const known = Object.keys(object.shape);
  const raw: Record<string, unknown> = Object.create(null);
  const attributes: Record<string, string> = Object.create(null);
  for (const [key, value] of params) {
    const name = known.includes("attributes") ? attributeParam(key) : null;
    const seen = name === null ? raw : attributes;
    if (name === null && (!known.includes(key) || key === "attributes")) throw unknownParameter(key, known);
    // A custom attribute's name is checked here, before zod (whose records drop a "__proto__" key unseen);
    // a profile field the list filters on may be named this way too.
    const problem = name !== null && !known.includes(name) ? attributeNameProblem(name) : null;
    if (problem)
      throw new DomainError("bad_request", `${key}: the name ${problem}`, [{ field: key, message: problem }]);
    if (Object.hasOwn(seen, name ?? key))
      throw new DomainError("bad_request", `"${key}" is given more than once`, [
        { field: key, message: "given more than once" },
      ]);
    seen[name ?? key] = value;
  }
  if (Object.keys(attributes).length) raw.attributes = attributes;
  const result = schema.safeParse(raw);
  if (result.success) return result.data as z.output<S>;
  const issue = result.error.issues[0];
  const [head, ...rest] = issue.path.map(String);
  const field = rest.reduce((name, part) => `${name}[${part}]`, head ?? "query");
  const refusal = issue.code === "custom" ? (issue.params as Refusal | undefined) : undefined;
  const details = [{ field, message: issue.message }];
  if (refusal?.code === "bad_request") throw new DomainError("bad_request", refusal.error, details);
  throw new DomainError("invalid_input", `Invalid ${field}: ${issue.message}`, details);
}

// Digits only ("1e3", " 7", "0x10" are refused); a JSON number (seed 001's bodies) as it is; "" is absent.
const wholeNumber = (v: unknown) =>
  v === undefined || v === ""
    ? undefined
    : typeof v === "number"
      ? v
      : typeof v === "string" && /^\d+$/.test(v)
        ? Number(v)
        : Number.NaN;

/** A whole number from min to max, or undefined when absent or empty. */
export function optionalIntQuery(min: number, max: number, meta: { default?: number; description: string }) {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    wholeNumber,
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional().meta(meta),
  );
}

/** A whole number from min to max; absent or empty: `fallback`. */
export function intQuery(min: number, max: number, fallback: number, description: string) {
  return optionalIntQuery(min, max, { default: fallback, description }).transform((n) => n ?? fallback);
}

/** An id (platform/validation's rules); `error` when the text is none. */
export function idQuery(error: string, description: string) {
  return z
    .preprocess((v) => (v === undefined ? v : (parseId(v) ?? Number.NaN)), z.number({ error }).int().min(1).max(MAX_ID))
    .optional()
    .describe(description);
}

/** `a,-b`: fields to sort by, `-` for descending; at most five. */
export function sortQuery<F extends string>(
  fields: readonly F[],
  meta: { default?: string; description: string; examples?: string[] },
) {
  return z
    .string()
    .optional()
    .meta({ ...meta, description: `${meta.description}. Fields: ${fields.join(", ")}` })
    .transform((text, ctx) => {
      const sort: { field: F; desc: boolean }[] = [];
      for (const part of (text ?? meta.default ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)) {
        const field = part.replace(/^[-+]/, "");
        if (!(fields as readonly string[]).includes(field))
          return refuse(ctx, `"${field}" is not one of ${fields.join(", ")}`, `Cannot sort by "${field}"`);
        sort.push({ field: field as F, desc: part.startsWith("-") });
      }
      if (sort.length > 5) return refuse(ctx, "at most 5", "Sort by at most 5 attributes");
      return sort;
    });
}

/** `A,b`: a comma list of names from `values`, read in upper case. */
export function enumListQuery<T extends string>(name: string, values: readonly T[], example: string) {
  return z
    .string()
    .optional()
    .meta({ description: `Comma-separated: ${values.join(", ")}`, examples: [example] })
    .transform((text, ctx) => {
      if (!text) return undefined;
      const list = text
        .split(",")
        .map((v) => v.trim().toUpperCase())
        .filter(Boolean);
      const bad = list.find((v) => !(values as readonly string[]).includes(v));
      if (bad) return refuse(ctx, `must be among ${values.join(", ")}`, `Unknown ${name} "${bad}"`);
      return list as T[];
    });
}

const filterValue = z.string().max(254, "at most 254 characters");

/** One parameter per profile field (exact, or a prefix with a trailing `*`), and `attributes[name]`. */
export function filterShape<F extends string>(fields: readonly F[], noun: string) {
  const each = Object.fromEntries(
    fields.map((field) => [
      field,
      filterValue
        .optional()
        .describe(
          `Only ${noun} whose ${field} equals this (emails compare lower-cased); a trailing \`*\` matches a prefix`,
        ),
    ]),
  ) as Record<F, z.ZodOptional<typeof filterValue>>;
  return {
    ...each,
    attributes: z
      .record(z.string(), filterValue)
      .optional()
      .meta({
        style: "deepObject",
        description:
          `Filter by custom attributes: \`attributes[badge]=B-7\` matches ${noun} whose custom attribute \`badge\` is B-7 ` +
          "(`3` also matches the number 3, `true` the boolean). Profile attributes work here too " +
          "(`attributes[department]=Sales`). Several filters combine with AND; any other parameter is refused (400).",
      }),
  };
}

type Filter<F extends string> = { field: F; op: "eq" | "prefix"; value: string };

/** The filters a query's filterShape parameters name, profile fields first; at most 20 in all. */
export function filtersOf<F extends string>(
  query: Partial<Record<F, string>> & { attributes?: Record<string, string> },
  fields: readonly F[],
  ctx: z.RefinementCtx,
) {
  const filters: Filter<F>[] = [];
  const attributes: { key: string; value: string }[] = [];
  const filter = (field: F, value: string) => {
    const prefix = value.endsWith("*");
    filters.push({ field, op: prefix ? "prefix" : "eq", value: prefix ? value.slice(0, -1) : value });
  };
  for (const field of fields) {
    const value = query[field];
    if (value !== undefined) filter(field, value);
  }
  for (const [key, value] of Object.entries(query.attributes ?? {})) {
    // Names were checked by parseQuery; a profile field named here filters as that field.
    if ((fields as readonly string[]).includes(key)) filter(key as F, value);
    else attributes.push({ key, value });
  }
  if (filters.length + attributes.length > 20) refuse(ctx, "at most 20", "At most 20 filters", ["filters"]);
  return { filters, attributes };
}
