import "server-only";
import { UAParser } from "ua-parser-js";
import { CHALLENGE_TTL_S } from "../../domain/sign-in/challenge";
import type { FactorView } from "../../domain/sign-in/factors";
import type { SessionView } from "../../domain/sign-in/own-sessions";
import type { MintedSession } from "../../domain/sign-in/sessions";
import { PENDING_COOKIE, pendingCookie, sessionCookie, setCookieHeader } from "../http/session-cookie";

// The JSON shapes of /api/v1/login/* (the OpenAPI document publishes them).

const noStore = { "Cache-Control": "no-store" };

/** Signed in: the session cookie, and the pending sign-in's cookie cleared. */
export async function completeAnswer(minted: MintedSession): Promise<Response> {
  const headers = new Headers(noStore);
  headers.append("Set-Cookie", setCookieHeader(await sessionCookie(minted)));
  headers.append("Set-Cookie", setCookieHeader(pendingCookie("", 0)));
  return Response.json({ status: "complete", level: minted.level }, { headers });
}

export function needsSecondFactorAnswer(factors: string[], pending: string): Response {
  const headers = new Headers(noStore);
  headers.append("Set-Cookie", setCookieHeader(pendingCookie(pending, CHALLENGE_TTL_S)));
  return Response.json({ status: "needs_second_factor", factors }, { headers });
}

export const pendingFrom = (cookies: Map<string, string>) => cookies.get(PENDING_COOKIE);

export const toFactor = (f: FactorView) => ({
  id: f.id,
  type: f.type,
  name: f.name,
  createdAt: f.createdAt.toISOString(),
  lastUsedAt: f.lastUsedAt?.toISOString() ?? null,
});

/** Browser and system as people name them, from the user agent. */
export function describeAgent(userAgent: string | null): { browser: string | null; os: string | null } {
  if (!userAgent) return { browser: null, os: null };
  const r = UAParser(userAgent);
  const browser = r.browser.name ? [r.browser.name, r.browser.major].filter(Boolean).join(" ") : null;
  const os = r.os.name ? [r.os.name, r.os.version].filter(Boolean).join(" ") : null;
  return { browser, os };
}

export const toSession = (s: SessionView) => ({
  id: s.id,
  current: s.current,
  ...describeAgent(s.userAgent),
  ip: s.ip,
  methods: s.methods,
  level: s.level,
  createdAt: s.createdAt.toISOString(),
  lastSeenAt: s.lastSeenAt.toISOString(),
});

export const jsonNoStore = (body: unknown, status = 200) => Response.json(body, { status, headers: noStore });
