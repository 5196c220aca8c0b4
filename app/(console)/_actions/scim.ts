"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/console/run-action";
import { createScimToken, revokeScimToken } from "@/lib/domain/credentials/scim-tokens";

export async function createScimTokenAction(label: string) {
  const r = await runAction((actor) => createScimToken(actor, { label }), "SCIM token created");
  revalidatePath("/settings");
  return r;
}

export async function revokeScimTokenAction(id: number) {
  const r = await runAction((actor) => revokeScimToken(actor, id), "SCIM token revoked");
  revalidatePath("/settings");
  return r;
}
