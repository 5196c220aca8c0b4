// The JSON sign-in and the person's own factors and sessions over HTTP (issue 28),
// as a script (or an attacker with curl) sends them.
import { generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import { adminCommand, api, baseUrl, clientAddress, memberWithPassword, newAccount } from "./setup/client";
import { signIn } from "./setup/session";

const PASSWORD = "sign-in test password";
const UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0";
const code = (secret: string, step = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + step * 30 });

/** POST as a browser of this site: its cookies, its user agent, same-origin. */
async function post(path: string, body: unknown, cookie = "", ua = UA) {
  const res = await fetch(`${baseUrl()}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: baseUrl(),
      "user-agent": ua,
      "x-forwarded-for": clientAddress,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const cookies = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c.endsWith("="));
  return { status: res.status, body: text ? JSON.parse(text) : null, cookies, setCookie: res.headers.getSetCookie() };
}

const as = (cookie: string, method: string, path: string, body?: unknown) =>
  api(method, path, { headers: { cookie, origin: baseUrl(), "user-agent": UA }, body });

const withPassword = (ownerKey: string, role = "REGULAR") => memberWithPassword(ownerKey, PASSWORD, role);

async function personWithTotp() {
  const acct = await newAccount();
  const m = await withPassword(acct.apiKey, "ADMIN");
  const cookie = (await post("/api/v1/login/sign-in", { email: m.email, password: PASSWORD })).cookies.join("; ");
  const started = await as(cookie, "POST", "/api/v1/login/factors/totp", {});
  expect(started.status).toBe(200);
  const verified = await as(cookie, "POST", `/api/v1/login/factors/totp/${started.body.id}/verify`, {
    code: code(started.body.secret),
  });
  expect(verified.status).toBe(200);
  return {
    acct,
    m,
    cookie,
    secret: started.body.secret as string,
    recoveryCodes: verified.body.recoveryCodes as string[],
  };
}

describe("the JSON sign-in", () => {
  it("signs a person without a factor in at once; one 401 for a wrong password and an unknown email", async () => {
    const acct = await newAccount();
    const m = await withPassword(acct.apiKey, "REGULAR");
    const ok = await post("/api/v1/login/sign-in", { email: m.email, password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: "complete", level: 1 });
    expect((await as(ok.cookies.join("; "), "GET", "/api/v1/user")).body.email).toBe(m.email);
    const wrong = await post("/api/v1/login/sign-in", { email: m.email, password: "not the password" });
    const unknown = await post("/api/v1/login/sign-in", { email: `x${m.email}`, password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it("is refused from another site (no login CSRF)", async () => {
    const res = await fetch(`${baseUrl()}/api/v1/login/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example", "x-forwarded-for": clientAddress },
      body: JSON.stringify({ email: "a@example.test", password: "x" }),
    });
    expect(res.status).toBe(403);
  });

  it("asks a person with a factor for it: a pending cookie, no session; the code completes it at level 2", async () => {
    const p = await personWithTotp();
    const first = await post("/api/v1/login/sign-in", { email: p.m.email, password: PASSWORD });
    expect(first.body).toEqual({ status: "needs_second_factor", factors: ["totp", "recovery_code"] });
    expect(first.cookies.some((c) => c.startsWith("next-auth.session-token"))).toBe(false);
    const pendingHeader = first.setCookie.find((c) => c.startsWith("roster-pending-sign-in="));
    expect(pendingHeader).toMatch(/HttpOnly/i);
    expect(pendingHeader).toMatch(/SameSite=Strict/i);
    const pending = first.cookies.join("; ");
    // The pending cookie alone opens nothing.
    expect((await as(pending, "GET", "/api/v1/user")).status).toBe(401);
    // From another browser: refused.
    expect(
      (await post("/api/v1/login/sign-in/second-factor", { code: code(p.secret, 1) }, pending, "curl/8")).status,
    ).toBe(401);
    const done = await post("/api/v1/login/sign-in/second-factor", { code: code(p.secret, 1) }, pending);
    expect(done.body).toEqual({ status: "complete", level: 2 });
    const session = done.cookies.filter((c) => c.startsWith("next-auth.session-token")).join("; ");
    expect((await as(session, "GET", "/api/v1/user")).status).toBe(200);
    // Replayed: refused.
    expect(
      (await post("/api/v1/login/sign-in/second-factor", { recoveryCode: p.recoveryCodes[0] }, pending)).status,
    ).toBe(401);
  });

  it("next-auth's credentials sign-in mints no session for a person with a factor unless the code comes with it", async () => {
    const p = await personWithTotp();
    await expect(signIn(p.m.email, PASSWORD)).rejects.toThrow();
    await expect(signIn(p.m.email, PASSWORD, { code: "000000" })).rejects.toThrow();
    const cookie = await signIn(p.m.email, PASSWORD, { code: code(p.secret, 1) });
    expect((await as(cookie, "GET", "/api/v1/user")).status).toBe(200);
  });
});

describe("the person's own factors and sessions", () => {
  it("never answer an API key, and list this session as current", async () => {
    const p = await personWithTotp();
    expect((await api("GET", "/api/v1/login/factors", { key: p.acct.apiKey })).status).toBe(401);
    const factors = await as(p.cookie, "GET", "/api/v1/login/factors");
    expect(factors.body).toMatchObject({
      factors: [{ type: "totp", name: "Authenticator app" }],
      recoveryCodesLeft: 10,
    });
    expect(JSON.stringify(factors.body)).not.toContain(p.secret);
    const sessions = await as(p.cookie, "GET", "/api/v1/login/sessions");
    expect(sessions.body.sessions).toEqual([
      expect.objectContaining({ current: true, browser: "Firefox 130", os: "Linux" }),
    ]);
  });

  it("end another browser's session, and it stops at once", async () => {
    const acct = await newAccount();
    const m = await withPassword(acct.apiKey, "REGULAR");
    const a = (await post("/api/v1/login/sign-in", { email: m.email, password: PASSWORD })).cookies.join("; ");
    const b = (
      await post("/api/v1/login/sign-in", { email: m.email, password: PASSWORD }, "", "Chrome/120")
    ).cookies.join("; ");
    const listed = (await as(a, "GET", "/api/v1/login/sessions")).body.sessions as { id: string; current: boolean }[];
    const other = listed.find((s) => !s.current);
    expect(other).toBeDefined();
    expect((await as(a, "DELETE", `/api/v1/login/sessions/${other?.id}`)).status).toBe(204);
    expect((await as(b, "GET", "/api/v1/user")).status).toBe(401);
    expect((await as(a, "GET", "/api/v1/user")).status).toBe(200);
  });
});

describe("the account's policy over HTTP", () => {
  it("answers 403 mfa_required to a one-factor session where it covers the member; API keys carry on", async () => {
    const p = await personWithTotp();
    const admin = await withPassword(p.acct.apiKey, "ADMIN");
    const weak = (await post("/api/v1/login/sign-in", { email: admin.email, password: PASSWORD })).cookies.join("; ");
    const strong = await as(p.cookie, "PATCH", "/api/v1/account/security", { mfa: "admins" });
    expect(strong.status).toBe(200);
    expect(strong.headers.get("etag")).toMatch(/^"s\d+\.1"$/);
    const refused = await as(weak, "GET", "/api/v1/user");
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("mfa_required");
    expect((await api("GET", "/api/v1/user", { key: admin.apiKey })).status).toBe(200);
    // An ADMIN may not loosen it; a stale If-Match is 412.
    expect((await as(p.cookie, "PATCH", "/api/v1/account/security", { mfa: "off" })).status).toBe(403);
    const stale = await api("PATCH", "/api/v1/account/security", {
      key: p.acct.apiKey,
      body: { mfa: "off" },
      headers: { "if-match": `"s${p.acct.accountId}.0"` },
    });
    expect(stale.status).toBe(412);
  });
});

describe("the operator", () => {
  it("resets a locked-out person's factors from the CLI: the password alone signs them in again", async () => {
    const p = await personWithTotp();
    const r = await adminCommand<{ removed: number }>(["reset-factors", "--email", p.m.email]);
    expect(r.removed).toBe(1);
    expect((await as(p.cookie, "GET", "/api/v1/user")).status).toBe(401);
    const again = await post("/api/v1/login/sign-in", { email: p.m.email, password: PASSWORD });
    expect(again.body).toEqual({ status: "complete", level: 1 });
  });
});
