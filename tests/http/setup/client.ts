import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { inject } from "vitest";
import { checkContract } from "./contract";

export const baseUrl = () => inject("baseUrl");

/**
 * A client address no other test shares: its own IPv6 /64 of the documentation
 * range (limits count a /64 as one client), so two files or tests running in the
 * same minute never add up against one address's limit.
 */
export function uniqueAddress(): string {
  const b = randomBytes(4).toString("hex");
  return `2001:db8:${b.slice(0, 4)}:${b.slice(4)}::1`;
}

/** This test file's client address, as a trusted proxy would forward it. */
export const clientAddress = uniqueAddress();

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** One HTTP call as a client written from the seeds would make it. */
export async function api<T = any>(
  method: string,
  urlPath: string,
  options: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "x-forwarded-for": clientAddress,
    ...options.headers,
  };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const res = await fetch(`${baseUrl()}${urlPath}`, {
    method,
    redirect: "manual",
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  await checkContract(baseUrl(), method, urlPath, res.status, res.headers, body);
  return { status: res.status, headers: res.headers, body, text };
}

/** The token of the newest link to `to` whose path starts with `pathPrefix`, from the server's mail (waits for it). */
export async function mailedToken(to: string, pathPrefix: string, timeoutMs = 15_000): Promise<string> {
  const dir = path.join(inject("dataDir"), "mail");
  const escaped = pathPrefix.replace(/[/]/g, "\\/");
  const re = new RegExp(`https?://[^\\s"<>]*${escaped}/([A-Za-z0-9_-]+)`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(`-${to.toLowerCase()}.eml`)) : [];
    for (const f of files.sort().reverse()) {
      const text = readFileSync(path.join(dir, f), "utf8")
        .replace(/=\r?\n/g, "")
        .replace(/=3D/g, "=");
      const m = text.match(re);
      if (m) return m[1];
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} with a ${pathPrefix} link`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A request through node:http, for what fetch refuses to send (TRACE, TRACK,
 * CONNECT-like methods): status, headers and the body as text.
 */
export function rawHttp(
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const url = new URL(urlPath, baseUrl());
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { "x-forwarded-for": clientAddress, ...headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export const uniqueEmail = (tag = "user") => `${tag}-${randomBytes(5).toString("hex")}@example.test`;

/** Runs an operator command in the server (the CLI's bridge); answers its --json output. */
export async function adminCommand<T = any>(argv: string[]): Promise<T> {
  const info = JSON.parse(readFileSync(path.join(inject("dataDir"), "server.json"), "utf8"));
  const res = await fetch(`${baseUrl()}/api/internal/cli`, {
    method: "POST",
    headers: { authorization: `Bearer ${info.token}`, "x-forwarded-for": clientAddress },
    body: JSON.stringify({ argv: [...argv, "--json"] }),
  });
  const out = await res.json();
  if (out.exitCode !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as T;
}

/** Creates an account through the operator CLI's server bridge; answers its SUPER's key. */
export async function newAccount(name = "Acme") {
  const email = uniqueEmail("owner");
  const created = await adminCommand<{ accountId: number; userId: number; apiKey: string }>([
    "create-account",
    "--name",
    name,
    "--email",
    email,
  ]);
  return { ...created, email };
}

/** Adds a member with a role (seed 000 add) and answers its id and key. */
export async function newMember(ownerKey: string, role = "REGULAR", extra: Record<string, unknown> = {}) {
  const email = uniqueEmail(role.toLowerCase());
  const r = await api("POST", "/api/v1/account/users", {
    key: ownerKey,
    body: { email, first_name: role, last_name: "Tester", role, ...extra },
  });
  if (r.status !== 201) throw new Error(`add failed: ${r.status} ${r.text}`);
  return { userId: r.body.user_id as number, apiKey: r.body.api_key as string, email };
}

/** A member with a password of the test's choosing (seed 003 takes one), in `role`, with an API key. */
export async function memberWithPassword(ownerKey: string, password: string, role = "REGULAR") {
  const email = uniqueEmail(role.toLowerCase());
  const r = await api("POST", "/api/v1/account/accounts", { key: ownerKey, body: { email, password } });
  if (r.status !== 201) throw new Error(r.text);
  if (role !== "REGULAR") {
    await api("POST", "/api/v1/org/modifyrank", { key: ownerKey, body: { admin_user_id: r.body.id, rank: role } });
  }
  const key = await api("POST", "/api/v1/account/users/refresh-api-key", {
    key: ownerKey,
    body: { user_id: r.body.id },
  });
  return { userId: r.body.id as number, email, apiKey: key.body.api_key as string };
}

export function expectError(r: ApiResponse, status: number, code?: string) {
  if (
    r.status !== status ||
    typeof r.body?.error !== "string" ||
    typeof r.body?.code !== "string" ||
    !Array.isArray(r.body?.details)
  ) {
    throw new Error(
      `expected ${status}${code ? ` ${code}` : ""} with the error shape, got ${r.status} ${r.text.slice(0, 300)}`,
    );
  }
  if (code && r.body.code !== code) throw new Error(`expected code ${code}, got ${r.body.code}: ${r.body.error}`);
}
