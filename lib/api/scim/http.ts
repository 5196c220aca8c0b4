import "server-only";
import { authenticateScimToken } from "../../domain/credentials/scim-tokens";
import type { MemberActor } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { readJsonObject } from "../../platform/http/body";
import { guard } from "../../platform/http/guard";
import { limits } from "../../platform/limits/rate-limit";
import { appUrl } from "../../platform/mail/mailer";
import { MAX_ID } from "../../platform/validation";
import { originOf } from "../http/request-actor";
import { ScimError, scimErrorResponse } from "./errors";
import type { ListQuery } from "./filter";
import { MAX_RESULTS } from "./schemas";

/** The SCIM base URL: the configured public URL, else the one the request came to. */
export function scimBase(req?: Request): string {
  const host = req?.headers.get("x-forwarded-host") ?? req?.headers.get("host");
  if (process.env.NEXTAUTH_URL || !req || !host) return `${appUrl()}/scim/v2`;
  const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
  return `${proto}://${host}/scim/v2`;
}

type Handler<P> = (ctx: { req: Request; actor: MemberActor; params: P }) => Promise<Response>;

/** A SCIM route: the account's SCIM token, the per-account SCIM limit, RFC 7644 errors. */
export function scimRoute<P = Record<string, never>>(handler: Handler<P>) {
  return guard<MemberActor, P>(
    {
      authenticate: (req) => authenticateScimToken(req.headers.get("authorization"), originOf(req)),
      // Identity providers send bursts (Entra asks for 25 requests/s per tenant): SCIM has its own limit,
      // and a valid token's requests count against it alone.
      callerLimit: (actor) => ({ key: `scim:${actor.accountId}`, limit: limits().scimPerAccount }),
      callerLimitOnly: true,
      toError: (e) => {
        if (!(e instanceof DomainError && e.code === "unauthenticated")) return scimErrorResponse(e);
        const r = scimErrorResponse(new ScimError(401, undefined, e.message));
        r.headers.set("WWW-Authenticate", 'Bearer realm="scim"');
        return r;
      },
    },
    (req, actor, params) => handler({ req, actor, params }),
  );
}

/** A SCIM discovery document anyone may read: the same guard, the per-address limit only. */
export function scimPublicRoute(handler: (req: Request) => Response | Promise<Response>) {
  return guard<null, unknown>({ authenticate: async () => null, toError: scimErrorResponse }, async (req) =>
    handler(req),
  );
}

const CORE_SCHEMAS = ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group"];

/**
 * A SCIM body. Core attributes are top-level (RFC 7643 §3), but some clients
 * nest them under the core schema's URN as extensions are nested: read both.
 */
export async function readScimBody(req: Request): Promise<Record<string, unknown>> {
  const body = await readJsonObject(req);
  for (const urn of CORE_SCHEMAS) {
    const nested = body[urn];
    if (typeof nested === "object" && nested !== null && !Array.isArray(nested)) {
      const { [urn]: _, ...rest } = body;
      return { ...(nested as Record<string, unknown>), ...rest };
    }
  }
  return body;
}

/** startIndex (from 1), count (at most 1,000), filter, sortBy, sortOrder. */
export function listQuery(params: URLSearchParams): ListQuery {
  const int = (name: string, fallback: number) => {
    const raw = params.get(name);
    if (raw === null || raw === "") return fallback;
    const n = Number(raw);
    if (!/^-?\d{1,10}$/.test(raw.trim()) || !Number.isInteger(n) || Math.abs(n) > MAX_ID)
      throw new ScimError(400, "invalidValue", `${name} must be a whole number up to ${MAX_ID}`);
    return n;
  };
  const order = params.get("sortOrder")?.toLowerCase();
  if (order && order !== "ascending" && order !== "descending")
    throw new ScimError(400, "invalidValue", "sortOrder is ascending or descending");
  return {
    filter: params.get("filter") || undefined,
    startIndex: Math.max(1, int("startIndex", 1)),
    count: Math.min(Math.max(0, int("count", 100)), MAX_RESULTS),
    sortBy: params.get("sortBy") || undefined,
    descending: order === "descending",
  };
}

/** A GET whose If-None-Match names the current ETag: 304, no body (RFC 7644 §3.14). */
export function notModified(req: Request, etag: string): Response | null {
  if (req.method !== "GET") return null;
  const header = req.headers.get("if-none-match");
  if (!header) return null;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  const matches = header.trim() === "*" || header.split(",").some((t) => strip(t) === strip(etag));
  return matches ? new Response(null, { status: 304, headers: { ETag: etag } }) : null;
}

/** The version an If-Match header names (W/"12" → 12); a tag that cannot match is 412. */
export function ifMatchVersion(req: Request): number | undefined {
  const header = req.headers.get("if-match");
  if (!header || header.trim() === "*") return undefined;
  const m = header.trim().match(/^(?:W\/)?"(\d+)"$/);
  if (!m) throw new ScimError(412, undefined, "If-Match does not match the resource's version");
  return Number(m[1]);
}

const CORE_URN = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/;
const EXTENSION_URN = /^(urn:ietf:params:scim:schemas:extension:[^:]+:2\.0:user):(.+)$/;

/** A requested attribute as [top-level key, sub-attribute or null], lower-cased; URN-qualified names resolved. */
function attributePath(raw: string): [string, string | null] {
  const p = raw.trim().toLowerCase().replace(CORE_URN, "");
  const ext = p.match(EXTENSION_URN);
  if (ext) return [ext[1], ext[2]];
  const [top, ...rest] = p.split(".");
  return [top, rest.length ? rest.join(".") : null];
}

/**
 * attributes / excludedAttributes (RFC 7644 §3.4.2.5) on a resource, with
 * sub-attributes (name.givenName) and URN-qualified names
 * (urn:…:User:userName, urn:…:enterprise:2.0:User:department): id and schemas always stay.
 */
export function project<T extends object>(resource: T, params: URLSearchParams): Partial<T> {
  const list = (name: string) =>
    (params.get(name) ?? "")
      .split(",")
      .filter((s) => s.trim())
      .map(attributePath);
  const include = list("attributes");
  const exclude = list("excludedAttributes");
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    const k = key.toLowerCase();
    if (k === "id" || k === "schemas") {
      out[key] = value;
      continue;
    }
    const subs = (paths: [string, string | null][]) => paths.filter(([top]) => top === k).map(([, sub]) => sub);
    if (include.length) {
      const wanted = subs(include);
      if (wanted.length === 0) continue;
      out[key] = wanted.includes(null) ? value : pick(value, wanted as string[], true);
    } else {
      const dropped = subs(exclude);
      if (dropped.includes(null)) continue;
      out[key] = dropped.length ? pick(value, dropped as string[], false) : value;
    }
  }
  return out as Partial<T>;
}

/** Keeps (or drops) sub-attributes of a complex value, or of each element of a multi-valued one. */
function pick(value: unknown, subs: string[], keep: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, subs, keep));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => subs.includes(k.toLowerCase()) === keep));
}
