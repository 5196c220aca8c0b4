import "server-only";
import { DomainError, type ErrorCode, type ErrorDetail, isDomainError } from "../errors";

/** SPEC §4's error shape: `{error, code, details}` (the `error` string keeps seed 001's shape). */
export function jsonError(
  status: number,
  code: string,
  error: string,
  details: ErrorDetail[] = [],
  headers?: HeadersInit,
) {
  return Response.json({ error, code, details }, { status, headers });
}

/** Any thrown value as a response: domain errors say what is wrong, anything else is logged and hidden. */
export function errorResponse(e: unknown): Response {
  if (isDomainError(e)) return jsonError(e.status, e.code, e.message, e.details);
  console.error("[roster] unexpected error", e);
  return jsonError(500, "internal_error", "Something went wrong on our side; it has been logged");
}

export function fail(code: ErrorCode, message: string, details: ErrorDetail[] = []): never {
  throw new DomainError(code, message, details);
}
