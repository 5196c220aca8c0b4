import "server-only";
import { z } from "zod";
import { DomainError } from "../platform/errors";
import { idSchema } from "../platform/validation";

// A server action is a public endpoint: anyone can post it any JSON. Its
// arguments are read by a schema before anything runs, so a missing one, a
// wrong type or a prototype key ("constructor", "__proto__") is a refusal
// naming its place, never a TypeError or a dispatch to Object's methods.

export const arg = {
  id: idSchema,
  /** An object whose fields the domain verb reads with its own schema (typed as the verb takes it). */
  object: z.looseObject({}) as unknown as z.ZodType<never>,
  text: (max = 4000) => z.string().max(max),
  /** One of a table's own keys (never an inherited one). */
  key: <K extends string>(table: Record<K, unknown>) => z.enum(Object.keys(table) as [K, ...K[]]),
};

export function parseArgs<S extends z.ZodTuple>(schema: S, values: unknown[]): z.output<S> {
  const r = schema.safeParse(values);
  if (r.success) return r.data;
  const details = r.error.issues.map((issue) => {
    const [at, ...rest] = issue.path;
    const field = typeof at === "number" ? [`argument ${at + 1}`, ...rest].join(".") : "arguments";
    return { field, message: issue.message };
  });
  throw new DomainError("invalid_input", `This action does not take these arguments (${details[0]?.field})`, details);
}
