import "server-only";
import nodemailer, { type Transporter } from "nodemailer";

let transport: { url: string; t: Transporter } | undefined;

/** The SMTP transport from SMTP_URL (smtp://user:pass@host:port), or null when mail is off. */
function mailer(): Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (transport?.url !== url) transport = { url, t: nodemailer.createTransport(url) };
  return transport.t;
}

export const mailEnabled = () => Boolean(process.env.SMTP_URL);

/** The public base URL for links in mail and answers. */
export function appUrl(): string {
  return (process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

/** Sends one message; answers false when mail is off or the server refused (logged, never thrown). */
export async function sendMail(message: { to: string; subject: string; text: string; html: string }): Promise<boolean> {
  const t = mailer();
  if (!t) return false;
  try {
    await t.sendMail({ from: process.env.MAIL_FROM ?? "Roster <no-reply@roster.localhost>", ...message });
    return true;
  } catch (e) {
    console.error(`[roster] could not send mail to ${message.to}: ${(e as Error).message}`);
    return false;
  }
}
