import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { endSessionRow, type MintedSession, sessionIsLive } from "../../domain/sign-in/sessions";
import { signInWithPassword } from "../../domain/sign-in/sign-in";
import { serverSecret } from "../../platform/auth/server-secret";
import { claimsOf, SESSION_MAX_AGE } from "../../platform/auth/session-claims";
import { isDomainError } from "../../platform/errors";
import { sameOriginPath } from "../../platform/http/redirects";
import { clientIp } from "../../platform/limits/client-ip";

let options: NextAuthOptions | undefined;

/**
 * next-auth carries the session cookie (a signed, encrypted JWT naming the
 * session row). Its credentials sign-in is one more way into the domain's
 * sign-in: email and password, and for a person with a second factor, the
 * code in the same request (the console's own form uses /api/v1/login/sign-in).
 */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: serverSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "Authenticator code", type: "text" },
          recoveryCode: { label: "Recovery code", type: "text" },
        },
        async authorize(credentials, req) {
          const headers = new Headers(req?.headers as Record<string, string> | undefined);
          const origin = { ip: clientIp(headers), userAgent: headers.get("user-agent") };
          try {
            const r = await signInWithPassword(origin, {
              email: credentials?.email,
              password: credentials?.password,
              code: credentials?.code || undefined,
              recoveryCode: credentials?.recoveryCode || undefined,
            });
            if (r.status !== "complete") throw new Error("SecondFactorRequired");
            return { id: String(r.session.uid), minted: r.session } as never;
          } catch (e) {
            if (isDomainError(e) && e.code === "rate_limited") throw new Error("TooManyAttempts");
            if (isDomainError(e)) return null;
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      // Only this site's paths: a callbackUrl to elsewhere (or not a URL at all) lands on the console.
      async redirect({ url, baseUrl }) {
        return `${baseUrl}${sameOriginPath(url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url)}`;
      },
      async jwt({ token, user }) {
        const minted = (user as { minted?: MintedSession } | undefined)?.minted;
        if (minted) return tokenFor(minted);
        // A refresh never revives a session that ended (signed out, password changed, too old).
        const claims = claimsOf(token);
        return claims && (await sessionIsLive(claims)) ? token : {};
      },
      async session({ session, token }) {
        return { ...session, claims: claimsOf(token) };
      },
    },
    events: {
      // Signing out ends this session's row: every app server refuses it from now on.
      async signOut({ token }) {
        const claims = claimsOf(token);
        if (claims) await endSessionRow(claims.sid, "sign_out");
      },
    },
  };
  return options;
}

/** The JWT a minted session's cookie carries: only who, which row, and since when. */
export const tokenFor = (s: MintedSession) => ({
  sub: String(s.uid),
  uid: s.uid,
  sv: s.sv,
  sid: s.sid,
  since: s.since,
});
