"use server";

import { headers } from "next/headers";
import { type ActionResult, runPublicAction } from "@/lib/console/run-action";
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
import { sessionUserId } from "@/lib/platform/auth/session";
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

const run = <T>(fn: (actor: PublicActor) => Promise<T>): Promise<ActionResult<T>> =>
  runPublicAction(async () => fn(await publicActor()));

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
  firstName?: string;
  lastName?: string;
}) {
  return run(async (actor) => {
    const r = await requestToJoin(actor, input);
    return { status: r.status };
  });
}

export async function confirmJoinAction(input: { token: string; password?: string }) {
  return run(async (actor) => {
    const r = await confirmJoin({ ip: actor.ip, userAgent: actor.userAgent }, input);
    return { status: r.status, email: r.email };
  });
}

export async function forgotPasswordAction(input: { email: string }) {
  return run(async (actor) => {
    await requestPasswordReset({ ip: actor.ip, userAgent: actor.userAgent }, input);
    return null;
  });
}

export async function resetPasswordAction(input: { token: string; password: string }) {
  return run((actor) => completePasswordReset({ ip: actor.ip, userAgent: actor.userAgent }, input));
}

export async function confirmEmailAction(input: { token: string; password?: string }) {
  return run((actor) => confirmEmail({ ip: actor.ip, userAgent: actor.userAgent }, input));
}

export async function confirmEmailChangeAction(input: { token: string }) {
  return run((actor) => confirmEmailChange({ ip: actor.ip, userAgent: actor.userAgent }, input));
}

export async function cancelEmailChangeAction(input: { token: string }) {
  return run((actor) => cancelEmailChange({ ip: actor.ip, userAgent: actor.userAgent }, input));
}
