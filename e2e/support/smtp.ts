// A local SMTP server for the e2e run: every message lands as a file that
// tests read (workers are other processes).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export const MAIL_DIR = path.resolve(process.env.E2E_DATA_DIR ?? ".e2e-data", "mail");
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2525);

export function startSmtp(): Promise<SMTPServer> {
  mkdirSync(MAIL_DIR, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(",");
        writeFileSync(
          path.join(MAIL_DIR, `${Date.now()}-${to.replace(/[^a-z0-9@._-]/gi, "_")}.eml`),
          Buffer.concat(chunks),
        );
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(SMTP_PORT, "127.0.0.1", () => resolve(server));
  });
}

/** The token of the newest link to `to` under `pathPrefix` (e.g. "/reset-password"), waiting for the mail. */
export async function waitForLink(to: string, pathPrefix: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const re = new RegExp(`https?://[^\\s"<>]*${pathPrefix.replace(/\//g, "\\/")}/[A-Za-z0-9_-]+`);
  for (;;) {
    const files = readdirSync(MAIL_DIR)
      .filter((f) => f.includes(to))
      .sort()
      .reverse();
    for (const f of files) {
      const text = readFileSync(path.join(MAIL_DIR, f), "utf8")
        .replace(/=\r?\n/g, "")
        .replace(/=3D/g, "=");
      const m = text.match(re);
      if (m) return m[0];
    }
    if (Date.now() > deadline) throw new Error(`no ${pathPrefix} link mailed to ${to}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The newest message to this address, decoded enough to read links (quoted-printable soft breaks). */
export async function waitForMail(to: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = readdirSync(MAIL_DIR)
      .filter((f) => f.includes(to))
      .sort()
      .pop();
    if (file) {
      return readFileSync(path.join(MAIL_DIR, file), "utf8")
        .replace(/=\r?\n/g, "")
        .replace(/=3D/g, "=");
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
