import "server-only";
import type { MemberActor, Origin, PublicActor } from "../../platform/auth/actor";
import { noteMemberActive } from "../../platform/auth/member-activity";
import type { SessionClaims } from "../../platform/auth/session-claims";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { sessionLiveSql } from "./live-sql";
import { noteSessionSeen } from "./sessions";

// Which accounts a session may act in, in one statement per request:
// - the session row stands (not ended, not expired, the person's version unchanged);
// - the membership is ACTIVE;
// - a password someone else chose (not yet replaced by its owner) opens only its own account;
// - an admin's "require sign-in again" retires sessions begun before it, in that account only;
// - the account's 2-step policy: a one-factor session may not act where the policy covers the member;
// - a session through an identity provider acts only in that connection's account;
// - an account that requires SSO admits only sessions through its own connection (and break-glass).

export const MFA_REQUIRED_MESSAGE =
  "This account requires a second factor: add an authenticator app or a passkey on Your login, then sign in with it";

export const SSO_REQUIRED_MESSAGE =
  "This account requires signing in through its identity provider (single sign-on): sign in again that way";

/**
 * Whether a session may act in an account as far as its SSO requirement goes:
 * the session came through the account's own connection, or it is a SUPER's
 * with a second factor (break-glass, audited at sign-in).
 */
export const ssoSatisfied = (
  policy: string,
  accountId: number,
  ssoAccountId: number | null,
  role: string,
  level: number,
) => policy !== "REQUIRED" || ssoAccountId === accountId || (role === "SUPER" && level >= 2);

/** Whether an account's policy covers a member of this role. */
export const policyCovers = (policy: string, role: string) =>
  policy === "EVERYONE" || (policy === "ADMINS" && (role === "ADMIN" || role === "SUPER"));

/**
 * The member a live session acts as (the chosen account, else the one the
 * person last chose, else the first), or null. Throws `mfa_required` when that
 * account's policy covers the member and the session has one factor only.
 */
export async function memberActorForSession(
  session: SessionClaims,
  accountId: number | undefined,
  origin: Origin = {},
): Promise<MemberActor | null> {
  const db = await getDb();
  const chosen = accountId ?? 0;
  const [m] = await db.$queryRaw<
    {
      id: number;
      accountId: number;
      role: MemberActor["role"];
      policy: string;
      sso: string;
      level: number;
      ssoAccountId: number | null;
    }[]
  >`
    SELECT m.id, m."accountId", m.role::text AS role, a."mfaPolicy"::text AS policy, a."ssoPolicy"::text AS sso,
      s.level, s."ssoAccountId"
    FROM "User" u
    JOIN "Session" s ON s.id = ${session.sid} AND s."userId" = u.id
    JOIN "Membership" m ON m."userId" = u.id
    JOIN "Account" a ON a.id = m."accountId"
    WHERE u.id = ${session.uid} AND ${sessionLiveSql(session.sid, session.sv)}
      AND m.status = 'ACTIVE'
      AND (u."passwordAccountId" IS NULL OR m."accountId" = u."passwordAccountId")
      AND (m."sessionsNotBefore" IS NULL OR s."createdAt" >= m."sessionsNotBefore")
      AND (s."ssoAccountId" IS NULL OR m."accountId" = s."ssoAccountId")
    ORDER BY (m."accountId" = ${chosen}) DESC, COALESCE(m."accountId" = u."lastAccountId", false) DESC, m."accountId" ASC
    LIMIT 1`;
  if (!m) return null;
  noteSessionSeen(session.sid);
  if (!ssoSatisfied(m.sso, m.accountId, m.ssoAccountId, m.role, m.level)) {
    throw Object.assign(new DomainError("sso_required", SSO_REQUIRED_MESSAGE), { accountId: m.accountId });
  }
  if (policyCovers(m.policy, m.role) && m.level < 2) {
    throw Object.assign(new DomainError("mfa_required", MFA_REQUIRED_MESSAGE), { accountId: m.accountId });
  }
  noteMemberActive(m.id);
  return {
    kind: "member",
    via: "session",
    userId: session.uid,
    accountId: m.accountId,
    membershipId: m.id,
    role: m.role,
    session: { sv: session.sv, sid: session.sid },
    ...origin,
  };
}

/** Where a session stands in the account it chose: acting there, or held back by its 2-step or SSO policy. */
export type SessionAccess = { actor: MemberActor } | { mfaRequiredIn: number } | { ssoRequiredIn: number } | null;

/**
 * The console's view of memberActorForSession: an account whose policy the
 * session does not meet is still the one it is in (the console leads the
 * person to add a factor there), not an error.
 */
export async function sessionAccess(
  session: SessionClaims,
  accountId: number | undefined,
  origin: Origin = {},
): Promise<SessionAccess> {
  try {
    const actor = await memberActorForSession(session, accountId, origin);
    return actor ? { actor } : null;
  } catch (e) {
    const accountId = (e as DomainError & { accountId?: number }).accountId ?? 0;
    if (e instanceof DomainError && e.code === "mfa_required") return { mfaRequiredIn: accountId };
    if (e instanceof DomainError && e.code === "sso_required") return { ssoRequiredIn: accountId };
    throw e;
  }
}

/** The person behind a live session, outside any account (their own login, accepting an invitation). */
export function personActor(session: SessionClaims, origin: Origin = {}): PublicActor {
  return { kind: "public", userId: session.uid, session: { sv: session.sv, sid: session.sid }, ...origin };
}
