"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { arg, parseArgs } from "@/lib/console/action-args";
import { runAction } from "@/lib/console/run-action";
import { updateSecurityPolicy } from "@/lib/domain/sign-in/policy";
import { addConnection, deleteConnection, sessionConnection, updateConnection } from "@/lib/domain/sso/connections";

// Settings → Single sign-on: the account's identity-provider connections and whether SSO is required.

const done = <T>(r: T) => {
  revalidatePath("/settings");
  return r;
};

export async function addSsoConnectionAction(input: Record<string, unknown>) {
  return done(
    await runAction(async (actor) => {
      const c = await addConnection(actor, ...parseArgs(z.tuple([arg.object]), [input]));
      return { id: c.id, redirectUri: c.redirectUri, entityId: c.entityId, acsUrl: c.acsUrl };
    }, "Connection added: enter what it names at the identity provider, then test it"),
  );
}

export async function updateSsoConnectionAction(id: number, input: Record<string, unknown>) {
  return done(
    await runAction(async (actor) => {
      const c = await updateConnection(actor, ...parseArgs(z.tuple([arg.id, arg.object]), [id, input]));
      return { state: c.state };
    }, "Connection saved"),
  );
}

export async function deleteSsoConnectionAction(id: number) {
  return done(
    await runAction((actor) => deleteConnection(actor, ...parseArgs(z.tuple([arg.id]), [id])), "Connection removed"),
  );
}

/** Whether sessions must come through this account's identity provider ("optional", "required"). */
export async function updateSsoPolicyAction(input: { sso: string }) {
  return done(
    await runAction(async (actor) => {
      const r = await updateSecurityPolicy(actor, ...parseArgs(z.tuple([arg.object]), [input]));
      return { sso: r.sso };
    }, "Saved: it applies from each member's next request"),
  );
}

/** The identity provider this session came through, if any: confirming it is you can be signing in there again. */
export async function ssoReverifyAction() {
  return runAction((actor) => sessionConnection(actor));
}
