import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// While the server holds the embedded PGlite folder, the CLI cannot open it;
// the server publishes a local address and a one-time token for the CLI.

const key = Symbol.for("roster.cliToken");
const g = globalThis as { [key]?: string };

export function serverInfoPath(dataDir: string) {
  return path.join(dataDir, "server.json");
}

export function publishCliBridge(dataDir: string, port: number): void {
  const token = randomBytes(32).toString("base64url");
  g[key] = token;
  const file = serverInfoPath(dataDir);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ pid: process.pid, url: `http://127.0.0.1:${port}`, token }), { mode: 0o600 });
  const cleanup = () => rmSync(file, { force: true });
  process.once("exit", cleanup);
}

export function cliTokenMatches(given: string | null): boolean {
  const expected = g[key];
  if (!expected || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
