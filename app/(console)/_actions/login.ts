"use server";

import { z } from "zod";
import { arg, parseArgs } from "@/lib/console/action-args";
import { runAction } from "@/lib/console/run-action";
import {
  changePassword,
  requestEmailChange,
  sendEmailVerification,
  signOutEverywhere,
} from "@/lib/domain/users/person-login";

// The signed-in person's own login (never another member's).

export async function changePasswordAction(input: { currentPassword: string; newPassword: string }) {
  return runAction(
    (actor) => changePassword(actor, ...parseArgs(z.tuple([arg.object]), [input])),
    "Password changed; every other session has ended",
  );
}

export async function requestEmailChangeAction(input: { newEmail: string; currentPassword: string }) {
  return runAction(
    (actor) => requestEmailChange(actor, ...parseArgs(z.tuple([arg.object]), [input])),
    "Check the new address: a link there confirms it",
  );
}

export async function sendVerificationAction() {
  return runAction((actor) => sendEmailVerification(actor), "A confirmation link is on its way to your email");
}

export async function signOutEverywhereAction() {
  return runAction((actor) => signOutEverywhere(actor), "Signed out everywhere");
}
