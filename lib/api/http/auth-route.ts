import "server-only";
import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { DomainError } from "../../platform/errors";
import { readText } from "../../platform/http/body";
import { guard } from "../../platform/http/guard";
import { sameOriginPath } from "../../platform/http/redirects";
import { errorResponse, jsonError } from "../../platform/http/responses";
import { authOptions } from "./next-auth";

/**
 * next-auth parses a callback URL as given and fails with a 500 on one that is
 * not a URL: only this site's paths reach it (query and form body; the cookie
 * goes through the redirect callback, which judges it the same way).
 */
async function withSafeCallback(req: Request): Promise<NextRequest> {
  const url = new URL(req.url);
  const fix = (v: string) =>
    `${url.origin}${sameOriginPath(v.startsWith(url.origin) ? v.slice(url.origin.length) || "/" : v)}`;
  const cb = url.searchParams.get("callbackUrl");
  if (cb !== null) url.searchParams.set("callbackUrl", fix(cb));
  const headers = new Headers(req.headers);
  if (req.method !== "POST") return new NextRequest(url, { method: req.method, headers });
  const text = await readText(req);
  let body = text;
  if (headers.get("content-type")?.includes("application/json")) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      if (typeof json?.callbackUrl === "string") json.callbackUrl = fix(json.callbackUrl);
      body = JSON.stringify(json);
    } catch {
      body = "{}";
    }
  } else {
    const form = new URLSearchParams(text);
    const cbBody = form.get("callbackUrl");
    if (cbBody !== null) form.set("callbackUrl", fix(cbBody));
    body = form.toString();
  }
  headers.delete("content-length");
  return new NextRequest(url, { method: "POST", headers, body });
}

/** The next-auth operations this app uses, by method: anything else is 404/405, never next-auth's 500. */
const OPERATIONS: Record<string, string[]> = {
  csrf: ["GET"],
  session: ["GET"],
  providers: ["GET"],
  signin: ["GET", "POST"],
  "signin/credentials": ["POST"],
  "callback/credentials": ["POST"],
  signout: ["GET", "POST"],
  error: ["GET"],
};

/** next-auth's routes behind the one guard (its own CSRF token protects its writes). */
export const authRoute = guard<null, { nextauth: string[] }>(
  { authenticate: async () => null, toError: errorResponse },
  async (req, _actor, params) => {
    const operation = (params.nextauth ?? []).join("/");
    const methods = OPERATIONS[operation];
    if (!methods) throw new DomainError("not_found", `No sign-in operation at /api/auth/${operation}`);
    if (!methods.includes(req.method)) {
      return jsonError(405, "method_not_allowed", `/api/auth/${operation} serves ${methods.join(", ")}`, [], {
        Allow: methods.join(", "),
      });
    }
    const res = await NextAuth(authOptions())(await withSafeCallback(req), { params: Promise.resolve(params) });
    return operation === "session" ? withoutRevivedCookie(req, res) : res;
  },
);

const SESSION_COOKIE = /(?:^|;\s*)((?:__Secure-)?next-auth\.session-token(?:\.\d+)?)=/g;

/**
 * next-auth answers a session that ended (signed out, password changed) with
 * an empty session and a fresh cookie holding an empty token, good for
 * another 12 hours.
 * Answered here as `{}` that clears the cookie instead: an ended session
 * leaves nothing behind to refresh.
 */
async function withoutRevivedCookie(req: Request, res: Response): Promise<Response> {
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as { claims?: unknown } | null;
  if (body?.claims) return res;
  const sent = [...(req.headers.get("cookie") ?? "").matchAll(SESSION_COOKIE)].map((m) => m[1]);
  const headers = new Headers(res.headers);
  headers.delete("set-cookie");
  // Other cookies next-auth sets (CSRF, callback URL) pass as they are; only the revived session goes.
  for (const cookie of res.headers.getSetCookie())
    if (!/^(__Secure-)?next-auth\.session-token/.test(cookie)) headers.append("set-cookie", cookie);
  for (const name of sent) {
    const secure = name.startsWith("__Secure-") ? "; Secure" : "";
    headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
  }
  return new Response("{}", { status: res.status, headers });
}
