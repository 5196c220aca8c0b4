import "server-only";
import { appUrl, sendMail } from "../../platform/mail/mailer";
import type { EmailTokenPurpose } from "./email-tokens";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where each kind of mailed link leads. */
export const LINK_PATH: Record<EmailTokenPurpose, string> = {
  verify_email: "/verify-email",
  reset_password: "/reset-password",
  change_email: "/confirm-email",
  join: "/join/confirm",
};

const COPY: Record<EmailTokenPurpose, { subject: string; body: string; action: string }> = {
  verify_email: {
    subject: "Confirm your email for Roster",
    body: "Confirm that this address is yours, so your Roster login works in every account you belong to.",
    action: "Confirm your email",
  },
  reset_password: {
    subject: "Reset your Roster password",
    body: "Someone (we hope you) asked to reset the password of the Roster login for this address. If it was not you, ignore this message: nothing changes.",
    action: "Choose a new password",
  },
  change_email: {
    subject: "Confirm your new Roster sign-in email",
    body: "Confirm that you want to sign in to Roster with this address from now on.",
    action: "Use this address",
  },
  join: {
    subject: "Confirm your request to join on Roster",
    body: "Confirm that you asked to join this account; its admins then see your request.",
    action: "Confirm the request",
  },
};

export const emailLinkUrl = (purpose: EmailTokenPurpose, token: string) => `${appUrl()}${LINK_PATH[purpose]}/${token}`;

/** Sends a link of `purpose` to `to`; false when mail is off or refused (never throws). */
export function sendEmailLink(purpose: EmailTokenPurpose, to: string, token: string, expiresAt: Date, context = "") {
  const url = emailLinkUrl(purpose, token);
  const copy = COPY[purpose];
  const lead = context ? `${context}\n\n` : "";
  return sendMail({
    to,
    subject: copy.subject,
    text: `${lead}${copy.body}\n\n${copy.action}:\n${url}\n\nThe link works once, until ${expiresAt.toUTCString()}.\n`,
    html: `${context ? `<p>${escapeHtml(context)}</p>` : ""}<p>${escapeHtml(copy.body)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(copy.action)}</a></p><p>The link works once, until ${escapeHtml(expiresAt.toUTCString())}.</p>`,
  });
}
