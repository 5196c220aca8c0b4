// A real SMTP server in the test process: the app mails through nodemailer to
// it, and tests read the links out of what arrived.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  to: string;
  raw: string;
}

export interface MailCatcher {
  messages: CaughtMail[];
  /** The newest link to `to` whose path starts with `pathPrefix`; its last path segment is the token. */
  linkTo(to: string, pathPrefix: string): string;
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks)
          .toString("utf8")
          .replace(/=\r?\n/g, "")
          .replace(/=3D/g, "=");
        for (const r of session.envelope.rcptTo) messages.push({ to: r.address.toLowerCase(), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  return {
    messages,
    linkTo(to, pathPrefix) {
      const escaped = pathPrefix.replace(/[/]/g, "\\/");
      const re = new RegExp(`https?://[^\\s"<>]*${escaped}/([A-Za-z0-9_-]+)`);
      for (const m of [...messages].reverse()) {
        if (m.to !== to.toLowerCase()) continue;
        const found = m.raw.match(re);
        if (found) return found[1];
      }
      throw new Error(`no mail to ${to} with a ${pathPrefix} link (${messages.length} messages caught)`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Retries `read` for up to 5 s: mail is sent after answers, so a test waits for it to arrive. */
export async function waitFor<T>(read: () => T): Promise<T> {
  for (let i = 0; i < 50; i++) {
    try {
      return read();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return read();
}
