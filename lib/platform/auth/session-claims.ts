import "server-only";
import { getDb } from "../db/client";

/** A session's whole life, in seconds: refreshing the token does not extend it. */
export const SESSION_MAX_AGE = 12 * 60 * 60;

/** What a session token carries about its person (next-auth JWT fields). */
export interface SessionClaims {
  /** The person's id. */
  uid: number;
  /** The person's session version when the session began. */
  sv: number;
  /** This session's id: signing out ends it alone. */
  sid: string;
}

/** The claims of a token still within its absolute lifetime (else null). */
export function claimsOf(token: unknown): SessionClaims | null {
  const t = token as { uid?: unknown; sv?: unknown; sid?: unknown; since?: unknown } | null;
  if (typeof t?.uid !== "number" || typeof t.sv !== "number" || typeof t.sid !== "string") return null;
  if (typeof t.since !== "number" || Date.now() / 1000 - t.since > SESSION_MAX_AGE) return null;
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

/** Signing out: this session's id is refused from now until its absolute lifetime is over. */
export async function endSession(token: unknown): Promise<void> {
  const c = claimsOf(token);
  if (!c) return;
  const since = (token as { since?: number }).since ?? Math.floor(Date.now() / 1000);
  const expiresAt = new Date((since + SESSION_MAX_AGE + 60) * 1000);
  const db = await getDb();
  await db.$executeRaw`
    INSERT INTO "EndedSession" (sid, "expiresAt") VALUES (${c.sid}, ${expiresAt}) ON CONFLICT DO NOTHING`;
  await db.$executeRaw`DELETE FROM "EndedSession" WHERE "expiresAt" < now()`;
}
