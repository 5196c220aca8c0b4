import "server-only";
import type { MemberActor } from "../auth/actor";
import { resolveActor } from "../auth/request-actor";
import { isDomainError } from "../errors";
import { limits } from "../limits/rate-limit";
import { guard, hasSessionCookie } from "./guard";
import { withIdempotency } from "./idempotency";
import { errorResponse, jsonError } from "./responses";

export { assertSameOrigin } from "./same-origin";

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
