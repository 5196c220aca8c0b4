import "server-only";
import { getDb } from "../db/client";

/** What a session token carries about its person (next-auth JWT fields). */
export interface SessionClaims {
  /** The person's id. */
  uid: number;
  /** The person's session version when the session began. */
  sv: number;
  /** This session's id: signing out ends it alone. */
  sid: string;
}

export function claimsOf(token: unknown): SessionClaims | null {
  const t = token as { uid?: unknown; sv?: unknown; sid?: unknown } | null;
  if (typeof t?.uid !== "number" || typeof t.sv !== "number" || typeof t.sid !== "string") return null;
  return { uid: t.uid, sv: t.sv, sid: t.sid };
}

/**
 * Whether the session still stands: signed tokens cannot be recalled, so every
 * request checks them against the person's session version (bumped by a
 * password change or "sign out everywhere") and the sessions signed out.
 */
export async function sessionIsLive(c: SessionClaims): Promise<boolean> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ ok: boolean }[]>`
    SELECT TRUE AS ok FROM "User" u
    WHERE u.id = ${c.uid} AND u."sessionVersion" = ${c.sv}
      AND NOT EXISTS (SELECT 1 FROM "EndedSession" e WHERE e.sid = ${c.sid})`;
  return rows.length > 0;
}

/** Signing out: this session's id is refused from now until the token would have expired anyway. */
export async function endSession(token: unknown): Promise<void> {
  const c = claimsOf(token);
  const exp = (token as { exp?: unknown } | null)?.exp;
  if (!c) return;
  const expiresAt = new Date(typeof exp === "number" ? exp * 1000 : Date.now() + 24 * 3600 * 1000);
  const db = await getDb();
  await db.$executeRaw`
    INSERT INTO "EndedSession" (sid, "expiresAt") VALUES (${c.sid}, ${expiresAt}) ON CONFLICT DO NOTHING`;
  await db.$executeRaw`DELETE FROM "EndedSession" WHERE "expiresAt" < now()`;
}
