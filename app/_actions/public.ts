"use server";

import { headers } from "next/headers";
import type { PublicActor } from "@/lib/actor";
import { sessionUserId } from "@/lib/auth/session";
import { type ActionResult, refusal } from "@/lib/console/run-action";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { requestToJoin } from "@/lib/members/request-to-join";

// Public pages' actions: the actor is whoever holds the link, signed in or not.

async function publicActor(): Promise<PublicActor> {
  const h = await headers();
  return {
    kind: "public",
    userId: (await sessionUserId()) ?? undefined,
    ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
    userAgent: h.get("user-agent"),
  };
}

async function run<T>(fn: (actor: PublicActor) => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn(await publicActor()) };
  } catch (e) {
    return refusal(e);
  }
}

export async function acceptInvitationAction(input: {
  token: string;
  firstName?: string;
  lastName?: string;
  password?: string;
}) {
  return run(async (actor) => {
    const r = await acceptInvitation(actor, input);
    return { email: r.email, active: r.active };
  });
}

export async function requestToJoinAction(input: {
  accountId: number;
  email?: string;
  password?: string;
  firstName?: string;
  lastName?: string;
}) {
  return run(async (actor) => {
    const r = await requestToJoin(actor, input);
    return { status: r.status };
  });
}
