import "server-only";
import type { MemberActor } from "../actor";
import { resolveActor } from "../auth/request-actor";
import { DomainError } from "../errors";
import { clientIp } from "../limits/client-ip";
import { enforce, limits } from "../limits/rate-limit";
import { withIdempotency } from "./idempotency";
import { errorResponse } from "./responses";

export interface RouteContext<P> {
  req: Request;
  actor: MemberActor;
  params: P;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response>;

/**
 * Wraps a route handler: resolves the actor (API key or session), refuses
 * cross-site requests that ride on the session cookie, maps every error to
 * SPEC's JSON shape.
 */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>, options: { idempotent?: boolean } = {}) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const l = limits();
      await enforce(`ip:${clientIp(req.headers)}`, l.perIp);
      const actor = await resolveActor(req);
      if (actor.via === "session") assertSameOrigin(req);
      await enforce(actor.credentialId ? `key:${actor.credentialId}` : `user:${actor.userId}`, l.perKey);
      const params = await ctx.params;
      if (options.idempotent) return await withIdempotency(req, actor, (r) => handler({ req: r, actor, params }));
      return await handler({ req, actor, params });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function assertSameOrigin(req: Request) {
  if (SAFE.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const crossSite = site ? site !== "same-origin" && site !== "none" : origin ? hostOf(origin) !== host : false;
  if (crossSite)
    throw new DomainError("forbidden", "Cross-site requests may not use the session cookie; send an API key");
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
