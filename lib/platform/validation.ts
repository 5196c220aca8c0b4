import { z } from "zod";
import { DomainError, type ErrorDetail } from "./errors";

/** Parses input with a zod schema; failures become one DomainError naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw invalidInput(result.error);
}

export function invalidInput(error: z.ZodError): DomainError {
  const details: ErrorDetail[] = error.issues.map((issue) => ({
    field: issueField(issue),
    message: issue.message,
  }));
  const first = details[0];
  const message = first ? `Invalid ${first.field || "input"}: ${first.message}` : "Invalid input";
  return new DomainError("invalid_input", message, details);
}

function issueField(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") return [...path, ...issue.keys].join(".");
  return path.join(".");
}

export const MAX_ID = 2_147_483_647;

// Ids arrive as JSON numbers or as decimal digits (paths, query strings,
// forms); no other text is read as one: not "0x10", "1e3", " 7" nor "".
const idInput = (v: unknown) =>
  typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : Number.NaN;

/** The one id parser: a whole number from 1 to 2147483647 (PostgreSQL's int), each failure named. */
export const idSchema = z.preprocess(
  idInput,
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be positive")
    .max(MAX_ID, `is too large (at most ${MAX_ID})`),
);

/** An id in a path, filter or form: the number, or null for anything idSchema refuses. */
export function parseId(raw: unknown): number | null {
  const result = idSchema.safeParse(raw);
  return result.success ? result.data : null;
}

/** An email address as every input takes it: trimmed, at most 254 characters, lower-cased. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, "at most 254 characters")
  .pipe(z.email("must be an email address"))
  .transform((e) => e.toLowerCase());
