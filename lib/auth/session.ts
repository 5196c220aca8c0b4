import "server-only";
import { cookies, headers } from "next/headers";
import { getServerSession } from "next-auth";
import type { MemberActor } from "../actor";
import { memberActorForUser } from "./authenticate";
import { authOptions } from "./next-auth";

export const ACCOUNT_COOKIE = "roster-account";

/** The signed-in person's user id, or null. */
export async function sessionUserId(): Promise<number | null> {
  const session = (await getServerSession(authOptions())) as { userId?: number } | null;
  return typeof session?.userId === "number" ? session.userId : null;
}

/** The member the signed-in person acts as: the account chosen in the switcher, if still ACTIVE. */
export async function consoleActor(): Promise<MemberActor | null> {
  const userId = await sessionUserId();
  if (!userId) return null;
  const chosen = Number((await cookies()).get(ACCOUNT_COOKIE)?.value) || undefined;
  const h = await headers();
  return memberActorForUser(userId, chosen, {
    ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
    userAgent: h.get("user-agent"),
  });
}
