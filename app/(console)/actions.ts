"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { ACCOUNT_COOKIE, currentSession, rememberAccount } from "@/lib/console/session";
import { sessionAccess } from "@/lib/domain/sign-in/access";
import { clientIp, limitKey } from "@/lib/platform/limits/client-ip";
import { enforce, limits } from "@/lib/platform/limits/rate-limit";
import { parseId } from "@/lib/platform/validation";

/** Switches the console to another account the signed-in person is ACTIVE in. */
export async function switchAccount(formData: FormData): Promise<void> {
  await enforce(`ip:${limitKey(clientIp(await headers()))}`, limits().perIp);
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  const accountId = parseId(formData.get("accountId"));
  // An account whose policy asks for a second factor or SSO may be chosen: the console then leads there.
  const chosen =
    accountId === null
      ? null
      : await sessionAccess(session, accountId).then((a) =>
          a === null
            ? null
            : "actor" in a
              ? a.actor.accountId
              : "mfaRequiredIn" in a
                ? a.mfaRequiredIn
                : a.ssoRequiredIn,
        );
  if (accountId !== null && chosen === accountId) {
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
