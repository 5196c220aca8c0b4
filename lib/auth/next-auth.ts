import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { serverSecret } from "./server-secret";
import { verifySignIn } from "./sign-in";

let options: NextAuthOptions | undefined;

/** next-auth with email + password; sessions are signed JWTs, so app servers keep no state. */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: serverSecret(),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials) {
          const user = await verifySignIn(credentials?.email, credentials?.password);
          return user ? { id: String(user.id), email: user.email, name: user.name } : null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.uid = Number(user.id);
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.uid as number };
      },
    },
  };
  return options;
}
