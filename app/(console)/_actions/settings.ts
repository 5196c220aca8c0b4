"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { arg, parseArgs } from "@/lib/console/action-args";
import { runAction } from "@/lib/console/run-action";
import { type UpdateAccountInput, updateAccount } from "@/lib/domain/accounts/update-account";
import { updateSecurityPolicy } from "@/lib/domain/sign-in/policy";

export async function updateAccountAction(input: UpdateAccountInput) {
  const r = await runAction(
    (actor) => updateAccount(actor, ...parseArgs(z.tuple([arg.object]), [input])),
    "Settings saved",
  );
  revalidatePath("/settings");
  revalidatePath("/", "layout");
  return r.ok ? { ...r, data: null } : r;
}

/** The account's 2-step policy ("off", "admins", "everyone"). */
export async function updateSecurityPolicyAction(input: { mfa: string }) {
  return runAction(async (actor) => {
    const r = await updateSecurityPolicy(actor, ...parseArgs(z.tuple([arg.object]), [input]));
    return { mfa: r.mfa };
  }, "Sign-in policy saved: it applies from each member's next request");
}
