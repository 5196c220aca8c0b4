import "server-only";
import { encode } from "next-auth/jwt";
import type { MintedSession } from "../../domain/sign-in/sessions";
import { serverSecret } from "../../platform/auth/server-secret";
import { SESSION_MAX_AGE } from "../../platform/auth/session-claims";
import { tokenFor } from "./next-auth";

// The session cookie next-auth reads, written for a session the domain minted
// outside next-auth's own sign-in (the JSON sign-in, a second factor, a passkey).

const secure = () => process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;

export const sessionCookieName = () => (secure() ? "__Secure-next-auth.session-token" : "next-auth.session-token");

export interface CookieSpec {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax" | "strict"; path: string; secure: boolean; maxAge: number };
}

export async function sessionCookie(minted: MintedSession): Promise<CookieSpec> {
  const value = await encode({ token: tokenFor(minted), secret: serverSecret(), maxAge: SESSION_MAX_AGE });
  return {
    name: sessionCookieName(),
    value,
    options: { httpOnly: true, sameSite: "lax", path: "/", secure: secure(), maxAge: SESSION_MAX_AGE },
  };
}

/** A cookie as a Set-Cookie header value. */
export function setCookieHeader(c: { name: string; value: string; options: CookieSpec["options"] }): string {
  const o = c.options;
  return [
    `${c.name}=${c.value}`,
    `Path=${o.path}`,
    `Max-Age=${o.maxAge}`,
    "HttpOnly",
    `SameSite=${o.sameSite === "strict" ? "Strict" : "Lax"}`,
    ...(o.secure ? ["Secure"] : []),
  ].join("; ");
}

/** The pending second-factor cookie: only the sign-in endpoints see it, for five minutes. */
export const PENDING_COOKIE = "roster-pending-sign-in";

export function pendingCookie(value: string, maxAge: number): CookieSpec {
  return {
    name: PENDING_COOKIE,
    value,
    options: { httpOnly: true, sameSite: "strict", path: "/api/v1/login/sign-in", secure: secure(), maxAge },
  };
}
