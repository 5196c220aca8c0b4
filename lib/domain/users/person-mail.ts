import "server-only";
import { appUrl, sendMail } from "../../platform/mail/mailer";
import type { EmailTokenPurpose } from "./email-tokens";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where each kind of mailed link leads. */
export const LINK_PATH: Record<EmailTokenPurpose, string> = {
  verify_email: "/verify-email",
  reset_password: "/reset-password",
  change_email: "/confirm-email",
  cancel_email_change: "/cancel-email-change",
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
  cancel_email_change: {
    subject: "Your Roster sign-in email is about to change",
    body: "Nothing changes until the link sent to the new address is followed. If you did not ask for this, stop it now: the change is withdrawn and every session of your login ends. Then choose a new password (Forgot password on the sign-in page).",
    action: "This was not me: stop the change",
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

type Notice = "password_changed" | "password_reset" | "email_changed";

const NOTICE: Record<Notice, { subject: string; body: (detail: string) => string }> = {
  password_changed: {
    subject: "Your Roster password was changed",
    body: () => "The password of the Roster login for this address was changed, and every other session ended.",
  },
  password_reset: {
    subject: "Your Roster password was reset",
    body: () =>
      "The password of the Roster login for this address was reset through a mailed link; every session ended.",
  },
  email_changed: {
    subject: "Your Roster login moved to another address",
    body: (to) => `The Roster login that used this address now signs in with ${to}. This address no longer names it.`,
  },
};

/** Tells the owner that their login changed; it carries no token, so nothing in it acts on the login. */
export function sendLoginNotice(kind: Notice, to: string, detail = "") {
  const n = NOTICE[kind];
  const tail = `If this was not you, choose a new password at ${appUrl()}/forgot-password and tell your account's admin.`;
  return sendMail({
    to,
    subject: n.subject,
    text: `${n.body(detail)}\n\n${tail}\n`,
    html: `<p>${escapeHtml(n.body(detail))}</p><p>${escapeHtml(tail)}</p>`,
  });
}
