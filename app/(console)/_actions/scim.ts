"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { arg, parseArgs } from "@/lib/console/action-args";
import { runAction } from "@/lib/console/run-action";
import { createScimToken, revokeScimToken } from "@/lib/domain/credentials/scim-tokens";

export async function createScimTokenAction(label: string) {
  const r = await runAction(
    (actor) => createScimToken(actor, { label: parseArgs(z.tuple([arg.text(200)]), [label])[0] }),
    "SCIM token created",
  );
  revalidatePath("/settings");
  return r;
}

export async function revokeScimTokenAction(id: number) {
  const r = await runAction(
    (actor) => revokeScimToken(actor, ...parseArgs(z.tuple([arg.id]), [id])),
    "SCIM token revoked",
  );
  revalidatePath("/settings");
  return r;
}
