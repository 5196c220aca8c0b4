"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { arg, parseArgs } from "@/lib/console/action-args";
import { runAction } from "@/lib/console/run-action";
import { sendTestEvent } from "@/lib/domain/webhooks/deliveries";
import {
  addEndpoint,
  deleteEndpoint,
  replayEndpoint,
  retryEndpoint,
  rotateSecret,
  updateEndpoint,
} from "@/lib/domain/webhooks/endpoints";

// Settings → Webhooks: the account's endpoints, their secrets (shown once) and delivery logs.

const done = <T>(r: T) => {
  revalidatePath("/settings");
  revalidatePath("/settings/webhooks/[id]", "page");
  return r;
};

export async function addWebhookAction(input: Record<string, unknown>) {
  return done(
    await runAction(async (actor) => {
      const e = await addEndpoint(actor, ...parseArgs(z.tuple([arg.object]), [input]));
      return { id: e.id, secret: e.secret };
    }, "Endpoint added: copy its signing secret now, it is not shown again"),
  );
}

export async function updateWebhookAction(id: number, input: Record<string, unknown>) {
  return done(
    await runAction(async (actor) => {
      const e = await updateEndpoint(actor, ...parseArgs(z.tuple([arg.id, arg.object]), [id, input]));
      return { enabled: e.enabled };
    }, "Endpoint saved"),
  );
}

export async function deleteWebhookAction(id: number) {
  return done(
    await runAction((actor) => deleteEndpoint(actor, ...parseArgs(z.tuple([arg.id]), [id])), "Endpoint removed"),
  );
}

export async function rotateWebhookSecretAction(id: number) {
  return done(
    await runAction(async (actor) => {
      const r = await rotateSecret(actor, ...parseArgs(z.tuple([arg.id]), [id]));
      return { secret: r.secret };
    }, "New secret made: the old one keeps signing for 24 hours"),
  );
}

export async function testWebhookAction(id: number) {
  return done(
    await runAction(async (actor) => {
      const r = await sendTestEvent(actor, ...parseArgs(z.tuple([arg.id]), [id]));
      return { ok: r.ok, status: r.status, error: r.error };
    }),
  );
}

export async function replayWebhookAction(id: number, after: number) {
  return done(
    await runAction(
      (actor) => replayEndpoint(actor, ...parseArgs(z.tuple([arg.id, arg.object]), [id, { after }])).then(() => null),
      "Replaying: the events after it go out again, in order",
    ),
  );
}

export async function retryWebhookAction(id: number) {
  return done(
    await runAction(
      (actor) => retryEndpoint(actor, ...parseArgs(z.tuple([arg.id]), [id])).then(() => null),
      "Retrying now: the held event goes out within a second",
    ),
  );
}
