import "server-only";
import { cookies, headers } from "next/headers";
import { getServerSession } from "next-auth";
import { getDb } from "../db/client";
import { clientIp } from "../limits/client-ip";
import { parseId } from "../validation";
import type { MemberActor } from "./actor";
import { memberActorForSession } from "./authenticate";
import { authOptions } from "./next-auth";
import { type SessionClaims, sessionIsLive } from "./session-claims";

export const ACCOUNT_COOKIE = "roster-account";

/** The signed-in person's live session (version and id checked against the database), or null. */
export async function currentSession(): Promise<SessionClaims | null> {
  const session = (await getServerSession(authOptions())) as { claims?: SessionClaims | null } | null;
  const claims = session?.claims ?? null;
  return claims && (await sessionIsLive(claims)) ? claims : null;
}

/** The signed-in person's user id, or null. */
export async function sessionUserId(): Promise<number | null> {
  return (await currentSession())?.uid ?? null;
}

/** The member the signed-in person acts as: the account chosen in the switcher, if still ACTIVE. */
export async function consoleActor(): Promise<MemberActor | null> {
  const session = (await getServerSession(authOptions())) as { claims?: SessionClaims | null } | null;
  if (!session?.claims) return null;
  const chosen = parseId((await cookies()).get(ACCOUNT_COOKIE)?.value) ?? undefined;
  const h = await headers();
  return memberActorForSession(session.claims, chosen, {
    ip: clientIp(h),
    userAgent: h.get("user-agent"),
  });
}

/** The person chose this account in the switcher: their next session without a choice opens it. */
export async function rememberAccount(userId: number, accountId: number): Promise<void> {
  const db = await getDb();
  await db.user.update({ where: { id: userId }, data: { lastAccountId: accountId } });
}
