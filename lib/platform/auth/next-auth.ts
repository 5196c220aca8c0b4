import "server-only";
import { randomBytes } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { sameOriginPath } from "../http/redirects";
import { clientIp } from "../limits/client-ip";
import { guardedAttempt } from "../limits/sign-in-guard";
import { serverSecret } from "./server-secret";
import { claimsOf, endSession, SESSION_MAX_AGE, sessionIsLive } from "./session-claims";
import { verifySignIn } from "./sign-in";

let options: NextAuthOptions | undefined;

/** next-auth with email + password; sessions are signed JWTs, so app servers keep no state. */
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
        },
        async authorize(credentials, req) {
          const email = String(credentials?.email ?? "")
            .trim()
            .slice(0, 254);
          const ip = clientIp(new Headers(req?.headers as Record<string, string> | undefined));
          // Same answer whether or not the email exists: a lock applies to any email string.
          let user: Awaited<ReturnType<typeof verifySignIn>> = null;
          const attempt = await guardedAttempt(email, ip, async () => {
            user = await verifySignIn(email, credentials?.password);
            return user !== null;
          });
          if ("locked" in attempt) throw new Error("TooManyAttempts");
          const signedIn = user as Awaited<ReturnType<typeof verifySignIn>>;
          if (!signedIn) return null;
          return {
            id: String(signedIn.id),
            email: signedIn.email,
            name: signedIn.name,
            sessionVersion: signedIn.sessionVersion,
          };
        },
      }),
    ],
    callbacks: {
      // Only this site's paths: a callbackUrl to elsewhere (or not a URL at all) lands on the console.
      async redirect({ url, baseUrl }) {
        return `${baseUrl}${sameOriginPath(url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url)}`;
      },
      async jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
          token.sid = randomBytes(16).toString("base64url");
          // When the session began: it ends SESSION_MAX_AGE later however often it is refreshed.
          token.since = Math.floor(Date.now() / 1000);
          return token;
        }
        // A refresh never revives a session that ended (signed out, password changed, too old).
        const claims = claimsOf(token);
        return claims && (await sessionIsLive(claims)) ? token : {};
      },
      async session({ session, token }) {
        return { ...session, claims: claimsOf(token) };
      },
    },
    events: {
      // Signing out ends this session on every app server, not just this browser's cookie.
      async signOut({ token }) {
        await endSession(token);
      },
    },
  };
  return options;
}
