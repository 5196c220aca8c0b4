import "server-only";
import { randomBytes } from "node:crypto";
import type { Origin } from "../../platform/auth/actor";
import { SESSION_MAX_AGE, type SessionClaims } from "../../platform/auth/session-claims";
import { timeBatch } from "../../platform/db/batched-times";
import { getDb } from "../../platform/db/client";
import { recordAudit } from "../audit/record";
import { inTransaction, type Tx } from "../tx";
import { sessionLiveSql } from "./live-sql";

// A session is a row (SPEC §7): its cookie names it, every request checks it
// is live, and the person lists and ends their own. `mintSession` is the only
// place a session begins: every way in (password, second factor, passkey, an
// identity provider) ends there.

/** How a person proved themselves in a session. */
export type SignInMethod = "pwd" | "otp" | "webauthn" | "recovery" | "sso";

declare const minted: unique symbol;

/** A session just minted: the claims its cookie carries. Only mintSession makes one (the brand). */
export type MintedSession = SessionClaims & {
  level: number;
  /** When it began (seconds): it ends SESSION_MAX_AGE later however often it is refreshed. */
  since: number;
  readonly [minted]: true;
};

/**
 * The assurance of a set of methods: a password alone is 1; a password with a
 * possession factor is 2; a passkey that verified its user is 2 on its own.
 */
export function levelOf(methods: readonly SignInMethod[], passkeyVerifiedUser = false): number {
  const possession = methods.some((m) => m === "otp" || m === "webauthn" || m === "recovery");
  if (methods.includes("webauthn") && passkeyVerifiedUser) return 2;
  return methods.includes("pwd") && possession ? 2 : 1;
}

/**
 * Begins a session for a person who has proved themselves by `methods`. The
 * account the sign-in opens (the one last chosen, else the first) sees it in
 * its audit log; the person sees it on "Your login".
 */
export async function mintSession(
  person: { id: number },
  proof: { methods: SignInMethod[]; level: number },
  origin: Origin,
  tx?: Tx,
  /** A sign-in through an identity provider: the session acts only in that connection's account. */
  sso?: { connectionId: number; accountId: number },
): Promise<MintedSession> {
  const run = async (t: Tx) => {
    const [user] = await t.$queryRaw<{ sv: number; accountId: number | null }[]>`
      SELECT u."sessionVersion" AS sv,
        (SELECT m."accountId" FROM "Membership" m WHERE m."userId" = u.id AND m.status = 'ACTIVE'
         ORDER BY COALESCE(m."accountId" = u."lastAccountId", false) DESC, m."accountId" LIMIT 1) AS "accountId"
      FROM "User" u WHERE u.id = ${person.id}`;
    if (!user) throw new Error("mintSession: no such person");
    const sid = randomBytes(16).toString("base64url");
    const since = Math.floor(Date.now() / 1000);
    await t.session.create({
      data: {
        id: sid,
        userId: person.id,
        version: user.sv,
        methods: proof.methods,
        level: proof.level,
        expiresAt: new Date((since + SESSION_MAX_AGE) * 1000),
        userAgent: origin.userAgent?.slice(0, 500) ?? null,
        ip: origin.ip ?? null,
        connectionId: sso?.connectionId ?? null,
        ssoAccountId: sso?.accountId ?? null,
      },
    });
    // The audit row (its event takes the account's row) before the person's row: the order account → person
    // that account-wide changes take too, so a sign-in and an admin's change never wait on each other in a circle.
    await recordAudit(
      t,
      { kind: "public", userId: person.id, ...origin },
      {
        accountId: sso?.accountId ?? user.accountId,
        action: "user.sign_in",
        targetType: "user",
        targetId: person.id,
        after: { methods: proof.methods, level: proof.level, ...(sso ? { connectionId: sso.connectionId } : {}) },
      },
    );
    await t.user.update({ where: { id: person.id }, data: { lastSignInAt: new Date() } });
    if (!sso && proof.level >= 2) await noteBreakGlass(t, person.id, origin, proof.methods);
    return { uid: person.id, sv: user.sv, sid, level: proof.level, since } as MintedSession;
  };
  return tx ? run(tx) : inTransaction(run);
}

/**
 * A SUPER signing in past an account's SSO requirement (with two factors, not
 * through its identity provider) is break-glass: each such account's audit log
 * warns of it.
 */
async function noteBreakGlass(t: Tx, userId: number, origin: Origin, methods: SignInMethod[]): Promise<void> {
  const accounts = await t.$queryRaw<{ accountId: number }[]>`
    SELECT m."accountId" FROM "Membership" m JOIN "Account" a ON a.id = m."accountId"
    WHERE m."userId" = ${userId} AND m.role = 'SUPER' AND m.status = 'ACTIVE' AND a."ssoPolicy" = 'REQUIRED'`;
  for (const { accountId } of accounts) {
    await recordAudit(
      t,
      { kind: "public", userId, ...origin },
      {
        accountId,
        action: "user.sso_break_glass",
        targetType: "user",
        targetId: userId,
        after: { warning: "signed in without the account's required SSO (SUPER with two factors)", methods },
      },
    );
  }
}

/** Whether a session's claims still stand (one statement). */
export async function sessionIsLive(c: SessionClaims): Promise<boolean> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ ok: boolean }[]>`
    SELECT TRUE AS ok FROM "User" u WHERE u.id = ${c.uid} AND ${sessionLiveSql(c.sid, c.sv)}`;
  if (rows.length > 0) noteSessionSeen(c.sid);
  return rows.length > 0;
}

const seen = timeBatch<string>("session-seen", async (batch) => {
  const db = await getDb();
  await db.$executeRaw`
    UPDATE "Session" s SET "lastSeenAt" = b.at
    FROM json_to_recordset(${JSON.stringify(batch)}::json) AS b(id text, at timestamp(3))
    WHERE s.id = b.id AND s."lastSeenAt" < b.at`;
});

/** A request came with this session: its "last seen" is written in batches. */
export const noteSessionSeen = seen.note;
export const flushSessionsSeen = seen.flush;

/** Ends one session (signing out): from now on no request carries it; the person's history shows it. */
export async function endSessionRow(sid: string, by: string, tx?: Tx): Promise<void> {
  const run = async (t: Tx) => {
    const ended = await t.session.updateManyAndReturn({
      where: { id: sid, endedAt: null },
      data: { endedAt: new Date(), endedBy: by },
      select: { userId: true, ip: true, userAgent: true },
    });
    for (const s of ended) {
      await recordAudit(
        t,
        { kind: "public", userId: s.userId, ip: s.ip, userAgent: s.userAgent },
        { accountId: null, action: "user.session_ended", targetType: "user", targetId: s.userId, after: { by } },
      );
    }
    // Rows long past their lifetime are of no use to anyone.
    await t.session.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 30 * 86_400_000) } } });
  };
  return tx ? run(tx) : inTransaction(run);
}
