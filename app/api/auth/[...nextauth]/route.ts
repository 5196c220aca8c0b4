import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";

// GET, POST /api/auth/* (next-auth: sign-in, sign-out, session, csrf)
const handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => NextAuth(authOptions())(req, ctx);

export { handler as GET, handler as POST };
