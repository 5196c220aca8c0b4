import "server-only";
import { cookies, headers } from "next/headers";
import { getServerSession } from "next-auth";
import { authOptions } from "../api/http/next-auth";
import { personActor, type SessionAccess, sessionAccess } from "../domain/sign-in/access";
import { sessionIsLive } from "../domain/sign-in/sessions";
import type { MemberActor, PublicActor } from "../platform/auth/actor";
import { ACCOUNT_COOKIE, type SessionClaims } from "../platform/auth/session-claims";
import { getDb } from "../platform/db/client";
import { clientIp } from "../platform/limits/client-ip";
import { parseId } from "../platform/validation";

export { ACCOUNT_COOKIE };

async function claims(): Promise<SessionClaims | null> {
  const session = (await getServerSession(authOptions())) as { claims?: SessionClaims | null } | null;
  return session?.claims ?? null;
}

async function origin() {
  const h = await headers();
  return { ip: clientIp(h), userAgent: h.get("user-agent") };
}

/** The signed-in person's live session (its row checked against the database), or null. */
export async function currentSession(): Promise<SessionClaims | null> {
  const c = await claims();
  return c && (await sessionIsLive(c)) ? c : null;
}

/** The signed-in person's user id, or null. */
export async function sessionUserId(): Promise<number | null> {
  return (await currentSession())?.uid ?? null;
}

/** The signed-in person outside any account (their own login), or null. */
export async function consolePerson(): Promise<PublicActor | null> {
  const c = await currentSession();
  return c ? personActor(c, await origin()) : null;
}

/** What the console may show: the member the person acts as, or the account whose policy asks for a second factor. */
export async function consoleAccess(): Promise<SessionAccess> {
  const c = await claims();
  if (!c) return null;
  const chosen = parseId((await cookies()).get(ACCOUNT_COOKIE)?.value) ?? undefined;
  return sessionAccess(c, chosen, await origin());
}

/** The member the signed-in person acts as: the account chosen in the switcher, if still ACTIVE (and its policy met). */
export async function consoleActor(): Promise<MemberActor | null> {
  const access = await consoleAccess();
  return access && "actor" in access ? access.actor : null;
}

/** The person chose this account in the switcher: their next session without a choice opens it. */
export async function rememberAccount(userId: number, accountId: number): Promise<void> {
  const db = await getDb();
  await db.user.update({ where: { id: userId }, data: { lastAccountId: accountId } });
}
