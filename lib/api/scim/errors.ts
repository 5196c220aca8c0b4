import "server-only";
import { type DomainError, isDomainError } from "../../platform/errors";
import { isDatabaseUnavailable } from "../../platform/http/responses";

export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_CONTENT_TYPE = "application/scim+json";

/** RFC 7644 §3.12 scimType values this server answers. */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (scimType: ScimType, message: string) => new ScimError(400, scimType, message);

export function scimJson(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", SCIM_CONTENT_TYPE);
  return new Response(JSON.stringify(body), { ...init, headers });
}

/** Any thrown value as an RFC 7644 error answer; domain refusals keep their meaning. */
export function scimErrorResponse(e: unknown): Response {
  const { status, scimType, detail, headers } = classify(e);
  return scimJson(
    { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail },
    { status, headers },
  );
}

function classify(e: unknown): { status: number; scimType?: ScimType; detail: string; headers?: HeadersInit } {
  if (e instanceof ScimError) return { status: e.status, scimType: e.scimType, detail: e.message };
  if (isDomainError(e)) {
    const detail = [e.message, ...e.details.map((d) => `${d.field}: ${d.message}`)].join("; ");
    switch (e.code) {
      case "conflict":
      case "already_member":
      case "name_taken":
      case "email_taken":
      case "username_taken":
        return { status: 409, scimType: "uniqueness", detail };
      case "invalid_input":
        return { status: 400, scimType: "invalidValue", detail };
      case "invalid_filter":
        return { status: 400, scimType: "invalidFilter", detail };
      case "bad_request":
        return { status: 400, scimType: "invalidSyntax", detail };
      case "precondition_failed":
        // RFC 7644 §3.14: a 412 carries no scimType (invalidVers means an unsupported protocol version).
        return { status: 412, detail };
      case "rate_limited":
        return { status: 429, detail, headers: { "retry-after": String(e.retryAfter ?? 60) } };
      default:
        return { status: (e as DomainError).status, detail };
    }
  }
  if (isDatabaseUnavailable(e))
    return { status: 503, detail: "The database is unavailable; retry shortly", headers: { "retry-after": "5" } };
  console.error("[roster] SCIM request failed:", e);
  return { status: 500, detail: "Internal error" };
}
