import "server-only";
import type { MemberActor, PublicActor } from "../../platform/auth/actor";
import { isDomainError } from "../../platform/errors";
import { guard, hasSessionCookie } from "../../platform/http/guard";
import { withIdempotency } from "../../platform/http/idempotency";
import { errorResponse, jsonError } from "../../platform/http/responses";
import { limits } from "../../platform/limits/rate-limit";
import { personFromRequest, resolveActor } from "./request-actor";

export { assertSameOrigin } from "../../platform/http/same-origin";

export interface RouteContext<P> {
  req: Request;
  actor: MemberActor;
  params: P;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response>;

/** A member's API key or session; limits per key or person. */
export const memberGuard = {
  authenticate: resolveActor,
  callerLimit: (actor: MemberActor) => ({
    key: actor.credentialId ? `key:${actor.credentialId}` : `user:${actor.userId}`,
    limit: limits().perKey,
  }),
  cookieAuthenticated: (_req: Request, actor: MemberActor) => actor.via === "session",
};

export interface RouteOptions {
  idempotent?: boolean;
  /** Seed 001 answers invalid input with 400 (its documented error status), not 422. */
  invalidInputStatus?: 400;
}

/** A REST route of the public API (SPEC §4): a member's key or session, the JSON error shape. */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>, options: RouteOptions = {}) {
  const toError = (e: unknown) =>
    options.invalidInputStatus && isDomainError(e) && e.status === 422
      ? jsonError(options.invalidInputStatus, e.code, e.message, e.details)
      : errorResponse(e);
  return guard<MemberActor, P>({ ...memberGuard, toError }, (req, actor, params) =>
    options.idempotent
      ? withIdempotency(req, actor, (r) => handler({ req: r, actor, params }))
      : handler({ req, actor, params }),
  );
}

/** A route anyone may call (no credentials): the same guard, with only the per-address limit. */
export function publicRoute(handler: (req: Request) => Promise<Response>) {
  return guard<null, unknown>(
    { authenticate: async () => null, cookieAuthenticated: (req) => hasSessionCookie(req), toError: errorResponse },
    (req) => handler(req),
  );
}

/** The signed-in person's own login (/api/v1/login/*): a live session only, never an API key; same-origin writes. */
export function personRoute<P = Record<string, never>>(
  handler: (ctx: { req: Request; actor: PublicActor; params: P }) => Promise<Response>,
) {
  return guard<PublicActor, P>(
    {
      authenticate: personFromRequest,
      cookieAuthenticated: () => true,
      callerLimit: (actor) => ({ key: `user:${actor.userId}`, limit: limits().perKey }),
      toError: errorResponse,
    },
    (req, actor, params) => handler({ req, actor, params }),
  );
}

/** Signing in (no credentials yet): the per-address limit, and never from another site (no login CSRF). */
export function signInRoute(handler: (req: Request) => Promise<Response>) {
  return guard<null, unknown>(
    { authenticate: async () => null, cookieAuthenticated: () => true, toError: errorResponse },
    (req) => handler(req),
  );
}
