import "server-only";
import { z } from "zod";
import { type ErrorDetail, isDomainError } from "../errors";

/** SPEC §4's error shape: `{error, code, details}` (the `error` string keeps seed 001's shape). */
export const errorSchema = z.object({
  error: z.string().describe("What went wrong, for people"),
  code: z.string().describe("What went wrong, for programs (snake_case)"),
  details: z.array(z.object({ field: z.string(), message: z.string() })),
});

export function jsonError(
  status: number,
  code: string,
  error: string,
  details: ErrorDetail[] = [],
  headers?: HeadersInit,
) {
  return Response.json({ error, code, details } satisfies z.output<typeof errorSchema>, { status, headers });
}

/** Any thrown value as a response: domain errors say what is wrong, anything else is logged and hidden. */
export function errorResponse(e: unknown): Response {
  if (isDomainError(e)) {
    const headers: Record<string, string> = {};
    if (e.retryAfter) headers["Retry-After"] = String(e.retryAfter);
    if (e.rateLimit) {
      headers["RateLimit-Limit"] = String(e.rateLimit.limit);
      headers["RateLimit-Remaining"] = String(e.rateLimit.remaining);
      headers["RateLimit-Reset"] = String(e.rateLimit.reset);
    }
    return jsonError(e.status, e.code, e.message, e.details, headers);
  }
  if (isDatabaseUnavailable(e)) {
    console.error(`[roster] database unavailable: ${(e as Error).message?.split("\n")[0]}`);
    return jsonError(503, "unavailable", "The database is unavailable; retry shortly", [], { "Retry-After": "5" });
  }
  console.error("[roster] unexpected error", e);
  return jsonError(500, "internal_error", "Something went wrong on our side; it has been logged");
}

/** Connection-level failures (server down, restarting, refusing): the request can be retried as a whole. */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (!e || typeof e !== "object") return false;
  const err = e as { name?: string; code?: string; message?: string; cause?: unknown; kind?: string };
  if (err.name === "PrismaClientInitializationError") return true;
  const text = `${err.code ?? ""} ${err.kind ?? ""} ${err.message ?? ""}`;
  if (
    /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|57P0[123]|53300|Connection terminated|terminating connection|server closed the connection|DatabaseNotReachable|the database system is (starting up|shutting down)|Can't reach database|Timed out fetching a new connection|Unable to start a transaction in the given time|Client has encountered a connection error/i.test(
      text,
    )
  ) {
    return true;
  }
  return err.cause ? isDatabaseUnavailable(err.cause) : false;
}
