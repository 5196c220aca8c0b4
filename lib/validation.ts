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

export const idSchema = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .positive("must be positive")
  .max(2_147_483_647, "is too large (at most 2147483647)");

export const MAX_ID = 2_147_483_647;

/** An id in a path or filter: a whole number the database's int columns hold, else null. */
export function idOrNull(raw: unknown): number | null {
  const n =
    typeof raw === "number" ? raw : typeof raw === "string" && /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_ID ? n : null;
}
