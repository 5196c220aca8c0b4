import "server-only";
import { randomBytes } from "node:crypto";
import { isDomainError } from "../../platform/errors";
import { guard } from "../../platform/http/guard";
import { sameOriginPath } from "../../platform/http/redirects";
import { isDatabaseUnavailable } from "../../platform/http/responses";
import { cookieMap } from "../http/request-actor";
import { type CookieSpec, sessionCookie, setCookieHeader } from "../http/session-cookie";

// The browser's side of a sign-in through an identity provider: a random value
// in a cookie only /sso sees binds the sign-in to this browser (the IdP's
// answer is a top-level GET navigation, so SameSite=Lax sends it), and any
// refusal lands on the sign-in page with a code it words (never text from the URL).

export const SSO_BINDING_COOKIE = "roster-sso";
const secure = () => process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;

/** This browser's binding value, or a new one (then set it with bindingCookie). */
export function bindingOf(req: Request): { value: string; isNew: boolean } {
  const value = cookieMap(req).get(SSO_BINDING_COOKIE);
  return value && /^[A-Za-z0-9_-]{43}$/.test(value)
    ? { value, isNew: false }
    : { value: randomBytes(32).toString("base64url"), isNew: true };
}

export const bindingCookie = (value: string): CookieSpec => ({
  name: SSO_BINDING_COOKIE,
  value,
  options: { httpOnly: true, sameSite: "lax", path: "/sso", secure: secure(), maxAge: 3600 },
});

/** A redirect the browser follows (relative: it stays on this origin). */
export function seeOther(location: string, headers = new Headers()): Response {
  headers.set("Location", location);
  headers.set("Cache-Control", "no-store");
  return new Response(null, { status: 303, headers });
}

function toSignInPage(e: unknown): Response {
  if (isDomainError(e)) return seeOther(`/sign-in?sso_error=${e.code}`);
  if (!isDatabaseUnavailable(e)) console.error("[roster] unexpected error in an SSO sign-in", e);
  return seeOther(`/sign-in?sso_error=${isDatabaseUnavailable(e) ? "unavailable" : "internal_error"}`);
}

/**
 * A browser route of an SSO sign-in: the per-address limit; refusals go to the
 * sign-in page. `sameSite`: a form of ours posts here, never another site's
 * (the IdP's own POST, the SAML ACS, is the one that comes from elsewhere).
 */
export function ssoBrowserRoute<P>(
  handler: (req: Request, params: P) => Promise<Response>,
  options: { sameSite?: boolean } = {},
) {
  return guard<null, P>(
    { authenticate: async () => null, cookieAuthenticated: () => options.sameSite ?? false, toError: toSignInPage },
    (req, _actor, params) => handler(req, params),
  );
}

/** Signed in: the session cookie, then the console (or the same-origin path the sign-in began from). */
export async function toConsole(
  minted: Parameters<typeof sessionCookie>[0],
  returnTo?: string | null,
): Promise<Response> {
  const headers = new Headers();
  headers.append("Set-Cookie", setCookieHeader(await sessionCookie(minted)));
  return seeOther(sameOriginPath(returnTo ?? "/members"), headers);
}
