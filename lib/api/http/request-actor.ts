import "server-only";
import { getToken } from "next-auth/jwt";
import { memberActorForSession, personActor } from "../../domain/sign-in/access";
import { sessionIsLive } from "../../domain/sign-in/sessions";
import type { MemberActor, Origin, PublicActor } from "../../platform/auth/actor";
import { apiKeyFromHeaders, authenticateApiKey } from "../../platform/auth/authenticate";
import { serverSecret } from "../../platform/auth/server-secret";
import { ACCOUNT_COOKIE, claimsOf, type SessionClaims } from "../../platform/auth/session-claims";
import { DomainError } from "../../platform/errors";
import { clientIp } from "../../platform/limits/client-ip";
import { parseId } from "../../platform/validation";

export function originOf(req: Request): Origin {
  return {
    ip: clientIp(req.headers),
    userAgent: req.headers.get("user-agent"),
  };
}

// A malformed %-sequence in a cookie must not turn into a 500.
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function cookieMap(req: Request): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) map.set(part.slice(0, eq).trim(), safeDecode(part.slice(eq + 1).trim()));
  }
  return map;
}

/** The session claims of a request's cookie (signature checked; liveness not yet). */
async function sessionClaimsFromRequest(req: Request): Promise<SessionClaims | null> {
  const token = await getToken({
    req: { headers: new Headers(), cookies: cookieMap(req) } as never,
    secret: serverSecret(),
  });
  return claimsOf(token);
}

/** The live session behind a request's cookie, or null. */
export async function liveSessionFromRequest(req: Request): Promise<SessionClaims | null> {
  const claims = await sessionClaimsFromRequest(req);
  return claims && (await sessionIsLive(claims)) ? claims : null;
}

/** The signed-in person behind a request's session cookie, if the session still stands. */
export async function sessionUserIdFromRequest(req: Request): Promise<number | null> {
  return (await liveSessionFromRequest(req))?.uid ?? null;
}

/** The signed-in person, outside any account (their own login): 401 without a live session. */
export async function personFromRequest(req: Request): Promise<PublicActor> {
  const claims = await liveSessionFromRequest(req);
  if (!claims) throw new DomainError("unauthenticated", "Sign in first");
  return personActor(claims, originOf(req));
}

/**
 * The member behind a request: an API key in any SPEC §4 header form, else the
 * console's session cookie. Only ACTIVE memberships authenticate.
 */
export async function resolveActor(req: Request): Promise<MemberActor> {
  const origin = originOf(req);
  const key = apiKeyFromHeaders(req.headers);
  if (key === "malformed") throw new DomainError("unauthenticated", "The API key is malformed: send <keyId>.<secret>");
  if (key) return authenticateApiKey(key, origin);
  const cookies = cookieMap(req);
  const claims = await sessionClaimsFromRequest(req);
  if (!claims) throw new DomainError("unauthenticated", "Send an API key (Authorization: Bearer <key>) or sign in");
  const actor = await memberActorForSession(claims, parseId(cookies.get(ACCOUNT_COOKIE)) ?? undefined, origin);
  if (!actor) throw new DomainError("unauthenticated", "You have no active membership in any account");
  return actor;
}
