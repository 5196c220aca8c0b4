"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { arg, parseArgs } from "@/lib/console/action-args";
import { runAction } from "@/lib/console/run-action";
import { type UpdateAccountInput, updateAccount } from "@/lib/domain/accounts/update-account";

export async function updateAccountAction(input: UpdateAccountInput) {
  const r = await runAction(
    (actor) => updateAccount(actor, ...parseArgs(z.tuple([arg.object]), [input])),
    "Settings saved",
  );
  revalidatePath("/settings");
  revalidatePath("/", "layout");
  return r.ok ? { ...r, data: null } : r;
}
