import "server-only";
import { appUrl, sendMail } from "../../platform/mail/mailer";

export const invitationUrl = (token: string) => `${appUrl()}/invite/${token}`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sendInvitationMail(input: {
  to: string;
  accountName: string;
  inviter: string | null;
  token: string;
  expiresAt: Date;
}) {
  const url = invitationUrl(input.token);
  const by = input.inviter ? ` by ${input.inviter}` : "";
  const until = input.expiresAt.toUTCString();
  return sendMail({
    to: input.to,
    subject: `You are invited to ${input.accountName} on Roster`,
    text: `You have been invited${by} to join ${input.accountName} on Roster.\n\nAccept the invitation:\n${url}\n\nThe link works until ${until}.\n`,
    html: `<p>You have been invited${escapeHtml(by)} to join <strong>${escapeHtml(input.accountName)}</strong> on Roster.</p><p><a href="${escapeHtml(url)}">Accept the invitation</a></p><p>The link works until ${escapeHtml(until)}.</p>`,
  });
}
