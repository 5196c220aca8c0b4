"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { arg, parseArgs } from "@/lib/console/action-args";
import { type ActionResult, runPublicAction } from "@/lib/console/run-action";
import { sessionUserId } from "@/lib/console/session";
import { acceptInvitation } from "@/lib/domain/invitations/accept-invitation";
import { confirmJoin, requestToJoin } from "@/lib/domain/members/request-to-join";
import {
  cancelEmailChange,
  completePasswordReset,
  confirmEmail,
  confirmEmailChange,
  requestPasswordReset,
} from "@/lib/domain/users/person-login";
import type { PublicActor } from "@/lib/platform/auth/actor";
import { clientIp } from "@/lib/platform/limits/client-ip";

// Public pages' actions: the actor is whoever holds the page or link, signed in or not.

async function publicActor(): Promise<PublicActor> {
  const h = await headers();
  return {
    kind: "public",
    userId: (await sessionUserId()) ?? undefined,
    ip: clientIp(h),
    userAgent: h.get("user-agent"),
  };
}

/** Every public action takes one object, read by the domain verb's own schema. */
const run = <I, T>(input: I, fn: (actor: PublicActor, input: I) => Promise<T>): Promise<ActionResult<T>> =>
  runPublicAction(async () => {
    parseArgs(z.tuple([arg.object]), [input]);
    return fn(await publicActor(), input);
  });

export async function acceptInvitationAction(input: {
  token: string;
  firstName?: string;
  lastName?: string;
  password?: string;
}) {
  return run(input, async (actor, input) => {
    const r = await acceptInvitation(actor, input);
    return { email: r.email, active: r.active };
  });
}

export async function requestToJoinAction(input: {
  accountId: number;
  email?: string;
  firstName?: string;
  lastName?: string;
}) {
  return run(input, async (actor, input) => {
    const r = await requestToJoin(actor, input);
    return { status: r.status };
  });
}

export async function confirmJoinAction(input: { token: string; password?: string }) {
  return run(input, async (actor, input) => {
    const r = await confirmJoin({ ip: actor.ip, userAgent: actor.userAgent }, input);
    return { status: r.status, email: r.email };
  });
}

export async function forgotPasswordAction(input: { email: string }) {
  return run(input, async (actor, input) => {
    await requestPasswordReset({ ip: actor.ip, userAgent: actor.userAgent }, input);
    return null;
  });
}

export async function resetPasswordAction(input: { token: string; password: string }) {
  return run(input, (actor, input) => completePasswordReset({ ip: actor.ip, userAgent: actor.userAgent }, input));
}

export async function confirmEmailAction(input: { token: string; password?: string }) {
  return run(input, (actor, input) => confirmEmail({ ip: actor.ip, userAgent: actor.userAgent }, input));
}

export async function confirmEmailChangeAction(input: { token: string }) {
  return run(input, (actor, input) => confirmEmailChange({ ip: actor.ip, userAgent: actor.userAgent }, input));
}

export async function cancelEmailChangeAction(input: { token: string }) {
  return run(input, (actor, input) => cancelEmailChange({ ip: actor.ip, userAgent: actor.userAgent }, input));
}
