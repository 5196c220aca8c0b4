"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { sessionCookie } from "@/lib/api/http/session-cookie";
import { arg, parseArgs } from "@/lib/console/action-args";
import { totpQrCode } from "@/lib/console/qr";
import { runPersonAction } from "@/lib/console/run-action";
import {
  confirmTotpEnrollment,
  regenerateRecoveryCodes,
  removeFactor,
  reverify,
  startTotpEnrollment,
} from "@/lib/domain/sign-in/factors";
import { endOtherSessions, endOwnSession } from "@/lib/domain/sign-in/own-sessions";
import {
  changePassword,
  requestEmailChange,
  sendEmailVerification,
  signOutEverywhere,
} from "@/lib/domain/users/person-login";

// The signed-in person's own login (never another member's). These run for
// the person whatever account the console shows, even one whose 2-step
// policy they do not meet yet: that is where they add a factor.

export async function changePasswordAction(input: { currentPassword: string; newPassword: string }) {
  return runPersonAction(async (actor) => {
    const r = await changePassword(actor, ...parseArgs(z.tuple([arg.object]), [input]));
    // Every other session ended; this browser carries on in a new one.
    if (r.session) {
      const c = await sessionCookie(r.session);
      (await cookies()).set(c.name, c.value, c.options);
    }
    return { email: r.email };
  }, "Password changed; every other session has ended");
}

export async function requestEmailChangeAction(input: { newEmail: string; currentPassword: string }) {
  return runPersonAction(
    (actor) => requestEmailChange(actor, ...parseArgs(z.tuple([arg.object]), [input])),
    "Check the new address: a link there confirms it",
  );
}

export async function sendVerificationAction() {
  return runPersonAction((actor) => sendEmailVerification(actor), "A confirmation link is on its way to your email");
}

export async function signOutEverywhereAction() {
  return runPersonAction((actor) => signOutEverywhere(actor), "Signed out everywhere");
}

export async function startTotpAction(input: { name?: string }) {
  return runPersonAction(async (actor) => {
    const r = await startTotpEnrollment(actor, ...parseArgs(z.tuple([arg.object]), [input]));
    return { ...r, qr: await totpQrCode(r.uri) };
  });
}

export async function confirmTotpAction(id: number, input: { code: string }) {
  return runPersonAction(
    (actor) => confirmTotpEnrollment(actor, ...parseArgs(z.tuple([arg.id, arg.object]), [id, input])),
    "Authenticator app added",
  );
}

export async function removeFactorAction(id: number) {
  return runPersonAction((actor) => removeFactor(actor, ...parseArgs(z.tuple([arg.id]), [id])), "Removed");
}

export async function regenerateRecoveryCodesAction() {
  return runPersonAction(
    (actor) => regenerateRecoveryCodes(actor),
    "New recovery codes made; the old ones no longer work",
  );
}

export async function reverifyAction(input: { password?: string; code?: string; recoveryCode?: string }) {
  return runPersonAction((actor) => reverify(actor, ...parseArgs(z.tuple([arg.object]), [input])), "Confirmed");
}

export async function endSessionAction(id: string) {
  return runPersonAction((actor) => endOwnSession(actor, ...parseArgs(z.tuple([arg.text(64)]), [id])), "Session ended");
}

export async function endOtherSessionsAction() {
  return runPersonAction((actor) => endOtherSessions(actor), "Signed out everywhere else");
}
