"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { memberActorForUser } from "@/lib/auth/authenticate";
import { ACCOUNT_COOKIE, sessionUserId } from "@/lib/auth/session";

/** Switches the console to another account the signed-in person is ACTIVE in. */
export async function switchAccount(formData: FormData): Promise<void> {
  const userId = await sessionUserId();
  if (!userId) redirect("/sign-in");
  const accountId = Number(formData.get("accountId"));
  const actor = Number.isInteger(accountId) && accountId > 0 ? await memberActorForUser(userId, accountId) : null;
  if (actor && actor.accountId === accountId) {
    (await cookies()).set(ACCOUNT_COOKIE, String(accountId), {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
    });
  }
  redirect("/members");
}
