import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { databaseTarget, dataDirectory } from "../db/config";

let cached: string | undefined;

/**
 * The server's secret: signs sessions, keys API-secret hashes, encrypts the
 * admin-reveal copy of API secrets. `AUTH_SECRET` in production; the embedded
 * default makes one and keeps it in ./data so a fresh clone needs no setup.
 */
export function serverSecret(): string {
  if (cached) return cached;
  const fromEnv = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error("AUTH_SECRET must be at least 32 characters");
    cached = fromEnv;
    return cached;
  }
  if (databaseTarget().kind === "postgres") {
    throw new Error(
      "AUTH_SECRET is required with DATABASE_URL=postgres://… (every app server must share it). " +
        "Generate one with: openssl rand -base64 48",
    );
  }
  const file = path.join(dataDirectory(), "auth-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(48).toString("base64url");
    writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
    chmodSync(file, 0o600);
    cached = readFileSync(file, "utf8").trim();
  }
  return cached;
}
