// Sessions and server actions over HTTP, as a browser (or an attacker) sends them.
import { readFileSync } from "node:fs";
import { baseUrl, clientAddress } from "./client";

export interface Action {
  id: string;
  name: string;
  page: string;
}

export function actions(): Action[] {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8"));
  return Object.entries(
    manifest.node as Record<string, { exportedName: string; workers: Record<string, unknown> }>,
  ).map(([id, v]) => ({
    id,
    name: v.exportedName,
    page: `/${Object.keys(v.workers)[0]
      .replace(/^app\//, "")
      .replace(/\/page$/, "")
      .replace(/\([^)]*\)\//g, "")
      .replace(/\[[^\]]+\]/g, "1")}`,
  }));
}

/** next-auth's credentials sign-in (`extra`: a second factor's `code` or `recoveryCode` in the same request). */
export async function signIn(email: string, password: string, extra: Record<string, string> = {}): Promise<string> {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`, { headers: { "x-forwarded-for": clientAddress } });
  const { csrfToken } = await csrf.json();
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": clientAddress },
    body: new URLSearchParams({ csrfToken, email, password, ...extra, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`could not sign in ${email}`);
  return session.split(";")[0];
}

export async function callAction(a: Action, args: unknown[], cookie?: string, address = clientAddress) {
  const res = await fetch(`${baseUrl()}${a.page}`, {
    method: "POST",
    headers: {
      "next-action": a.id,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: baseUrl(),
      // This file's own client address, as the API client sends: per-IP limits (mail, sign-in) are per file,
      // so one file's resets cannot use up another's (the fuzz oracle's reset mail went missing that way).
      "x-forwarded-for": address,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(args),
  });
  return { status: res.status, text: await res.text() };
}

/** Signs a session out as the console does (next-auth's sign-out with its CSRF token). */
export async function signOut(cookie: string): Promise<void> {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = await csrf.json();
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  await fetch(`${baseUrl()}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: [cookie, csrfCookie].filter(Boolean).join("; "),
      "x-forwarded-for": clientAddress,
    },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
}

/** The named server action from the build's manifest. */
export function action(name: string): Action {
  const a = actions().find((x) => x.name === name);
  if (!a) throw new Error(`no server action ${name}`);
  return a;
}
