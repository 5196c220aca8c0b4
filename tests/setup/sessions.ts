import { mintSession, type SignInMethod } from "@/lib/domain/sign-in/sessions";
import type { SessionClaims } from "@/lib/platform/auth/session-claims";

/** A real session row for a person, as a sign-in would mint it (password alone unless told). */
export async function testSession(userId: number, methods: SignInMethod[] = ["pwd"]): Promise<SessionClaims> {
  const level = methods.length > 1 ? 2 : 1;
  const s = await mintSession({ id: userId }, { methods, level }, { ip: "203.0.113.9", userAgent: "vitest" });
  return { uid: s.uid, sv: s.sv, sid: s.sid };
}
