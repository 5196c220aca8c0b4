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

/** The console's account choice (the switcher): a cookie holding the account's id. */
export const ACCOUNT_COOKIE = "roster-account";
