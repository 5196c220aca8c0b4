"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { memberActorForSession } from "@/lib/platform/auth/authenticate";
import { ACCOUNT_COOKIE, currentSession, rememberAccount } from "@/lib/platform/auth/session";
import { clientIp, limitKey } from "@/lib/platform/limits/client-ip";
import { enforce, limits } from "@/lib/platform/limits/rate-limit";
import { parseId } from "@/lib/platform/validation";

/** Switches the console to another account the signed-in person is ACTIVE in. */
export async function switchAccount(formData: FormData): Promise<void> {
  await enforce(`ip:${limitKey(clientIp(await headers()))}`, limits().perIp);
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  const accountId = parseId(formData.get("accountId"));
  const actor = accountId !== null ? await memberActorForSession(session, accountId) : null;
  if (actor && actor.accountId === accountId) {
    (await cookies()).set(ACCOUNT_COOKIE, String(accountId), {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
    });
    await rememberAccount(session.uid, accountId);
  }
  redirect("/members");
}
