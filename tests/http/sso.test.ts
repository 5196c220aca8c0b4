// Single sign-on over HTTP: a real OpenID Connect IdP (oidc-provider) on
// loopback; the browser's round trip played with a cookie jar through the
// app's own routes (/sso/{id}/start, the IdP, /sso/{id}/callback).

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CookieJar, signInAt, startIdp, type TestIdp } from "../setup/oidc-idp";
import { createSamlIdp, type SamlPost, type SamlTestIdp } from "../setup/saml-idp";
import { api, baseUrl, clientAddress, expectError, memberWithPassword, newAccount, newMember } from "./setup/client";
import { signIn as passwordSignIn } from "./setup/session";

let idp: TestIdp;
let samlIdp: SamlTestIdp;
beforeAll(async () => {
  idp = await startIdp({ redirectUri: /^http:\/\/localhost:\d+\/sso\/\d+\/callback$/ });
  samlIdp = await createSamlIdp();
});
afterAll(() => idp?.close());

const publish = (name: string, values: string[]) =>
  writeFileSync(path.join(inject("dnsDir"), `${name}.json`), JSON.stringify(values));

/** An account with a verified auto-join domain and an active connection to the test IdP. */
async function ssoAccount() {
  const acct = await newAccount("Acme SSO");
  const domain = `sso${Date.now().toString(36)}${randomBytes(2).toString("hex")}.example`;
  const d = await api("POST", "/api/v1/domains", { key: acct.apiKey, body: { domain } });
  publish(d.body.verification.name, [d.body.verification.value]);
  expect((await api("POST", `/api/v1/domains/${d.body.id}/verify`, { key: acct.apiKey })).status).toBe(200);
  await api("PATCH", `/api/v1/domains/${d.body.id}`, { key: acct.apiKey, body: { enrollment: "auto_join" } });
  const c = await api("POST", "/api/v1/sso/connections", {
    key: acct.apiKey,
    body: {
      type: "oidc",
      name: "Test IdP",
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      state: "active",
    },
  });
  expect(c.status).toBe(201);
  return { ...acct, domain, connection: c.body };
}

const browser = (path: string, cookie = "") =>
  fetch(`${baseUrl()}${path}`, { redirect: "manual", headers: { cookie, "x-forwarded-for": clientAddress } });

/** The browser's whole trip: start, the IdP, back to the callback. Answers the callback's answer and the cookies. */
async function ssoSignIn(connectionId: number, sub: string, startPath = `/sso/${connectionId}/start`, cookie = "") {
  const start = await browser(startPath, cookie);
  expect(start.status).toBe(303);
  const binding =
    start.headers
      .getSetCookie()
      .find((c) => c.startsWith("roster-sso="))
      ?.split(";")[0] ?? "";
  const callback = await signInAt(start.headers.get("location") ?? "", sub, new CookieJar());
  const back = await browser(`${callback.pathname}${callback.search}`, [cookie, binding].filter(Boolean).join("; "));
  const session = back.headers
    .getSetCookie()
    .find((c) => c.startsWith("next-auth.session-token="))
    ?.split(";")[0];
  return { back, binding, session, callback };
}

const PASSWORD = "sso test password";

const withPassword = (ownerKey: string, role = "REGULAR") => memberWithPassword(ownerKey, PASSWORD, role);

function person(email: string) {
  const sub = randomBytes(6).toString("hex");
  idp.people.set(sub, { email, email_verified: true, given_name: "Grace", family_name: "Hopper" });
  return sub;
}

describe("SSO connections over /api/v1/sso/connections", () => {
  it("create (201, Location, ETag, no secret), read, If-Match, REGULAR 403, another account 404, SAML without its IdP 422, delete", async () => {
    const acct = await ssoAccount();
    const c = acct.connection;
    expect(c).toMatchObject({ type: "oidc", state: "active", clientSecretSet: true });
    expect(JSON.stringify(c)).not.toContain(idp.clientSecret);
    expect(c.redirectUri).toMatch(new RegExp(`/sso/${c.id}/callback$`));
    const got = await api("GET", `/api/v1/sso/connections/${c.id}`, { key: acct.apiKey });
    const etag = got.headers.get("etag") as string;
    expect(etag).toBe(`"c${c.id}.0"`);
    const renamed = await api("PATCH", `/api/v1/sso/connections/${c.id}`, {
      key: acct.apiKey,
      body: { name: "Okta" },
      headers: { "if-match": etag },
    });
    expect(renamed.body.name).toBe("Okta");
    expectError(
      await api("PATCH", `/api/v1/sso/connections/${c.id}`, {
        key: acct.apiKey,
        body: { name: "x" },
        headers: { "if-match": etag },
      }),
      412,
    );
    const regular = await newMember(acct.apiKey, "REGULAR");
    expectError(await api("GET", "/api/v1/sso/connections", { key: regular.apiKey }), 403, "forbidden");
    const other = await newAccount("Other");
    expectError(await api("GET", `/api/v1/sso/connections/${c.id}`, { key: other.apiKey }), 404);
    const saml = await api("POST", "/api/v1/sso/connections", { key: acct.apiKey, body: { type: "saml", name: "x" } });
    expectError(saml, 422, "invalid_input");
    expect(saml.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(["idpEntityId", "idpSsoUrl", "idpCertificates"]),
    );
    const test = await api("POST", `/api/v1/sso/connections/${c.id}/test`, { key: acct.apiKey });
    expect(test.body.url).toMatch(new RegExp(`/sso/${c.id}/start\\?test=1$`));
    expect((await api("DELETE", `/api/v1/sso/connections/${c.id}`, { key: acct.apiKey })).status).toBe(204);
    expect((await api("GET", "/api/v1/sso/connections", { key: acct.apiKey })).body.connections).toEqual([]);
  });
});

describe("signing in through the browser", () => {
  it("discover routes the domain to SSO (same answer for known and unknown emails); the round trip signs in a new member", async () => {
    const acct = await ssoAccount();
    const known = await api("POST", "/api/v1/login/discover", {
      body: { email: `Someone@${acct.domain.toUpperCase()}` },
    });
    expect(known.body).toEqual({ method: "sso", url: `/sso/${acct.connection.id}/start` });
    const unknown = await api("POST", "/api/v1/login/discover", {
      body: { email: `nobody-${Date.now()}@${acct.domain}` },
    });
    expect(unknown.body).toEqual(known.body);
    expect((await api("POST", "/api/v1/login/discover", { body: { email: acct.email } })).body).toEqual({
      method: "password",
    });
    expectError(await api("POST", "/api/v1/login/discover", { body: { email: "not an email" } }), 422);
    const hinted = await browser(`${known.body.url}?login_hint=${encodeURIComponent(`ann@${acct.domain}`)}`);
    expect(new URL(hinted.headers.get("location") ?? "").searchParams.get("login_hint")).toBe(`ann@${acct.domain}`);

    const email = `grace@${acct.domain}`;
    const { back, session } = await ssoSignIn(acct.connection.id, person(email));
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("/members");
    expect(session).toBeTruthy();
    const me = await api("GET", "/api/v1/account", { headers: { cookie: session ?? "" } });
    expect(me.status).toBe(200);
    const members = await api("GET", `/api/v1/members?q=grace`, { key: acct.apiKey });
    expect(members.body.data.map((m: { email: string }) => m.email)).toContain(email);

    // Signing in again to confirm it is them (the step-up's link): the IdP asks afresh, the browser returns
    // to the page it came from, never to another site.
    const sub = person(`again@${acct.domain}`);
    const id = acct.connection.id;
    const again = await ssoSignIn(id, sub, `/sso/${id}/start?reauth=1&return_to=${encodeURIComponent("/settings")}`);
    expect(again.back.headers.get("location")).toBe("/settings");
    const away = await ssoSignIn(
      id,
      sub,
      `/sso/${id}/start?reauth=1&return_to=${encodeURIComponent("//evil.example/x")}`,
    );
    expect(away.back.headers.get("location")).toBe("/members");
    const reauth = await browser(`/sso/${id}/start?reauth=1`);
    expect(new URL(reauth.headers.get("location") ?? "").searchParams.get("prompt")).toBe("login");
  });

  it("refuses an answer without this browser's cookie, and a replayed one, on the sign-in page by code", async () => {
    const acct = await ssoAccount();
    const sub = person(`ann@${acct.domain}`);
    const start = await browser(`/sso/${acct.connection.id}/start`);
    const binding =
      start.headers
        .getSetCookie()
        .find((c) => c.startsWith("roster-sso="))
        ?.split(";")[0] ?? "";
    expect(start.headers.getSetCookie().find((c) => c.startsWith("roster-sso="))).toMatch(/HttpOnly.*SameSite=Lax/i);
    const callback = await signInAt(start.headers.get("location") ?? "", sub);
    const path = `${callback.pathname}${callback.search}`;
    const stranger = await browser(path, `roster-sso=${"A".repeat(43)}`);
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get("location")).toBe("/sign-in?sso_error=sso_failed");
    expect(stranger.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token="))).toBe(false);
    const first = await browser(path, binding);
    expect(first.headers.get("location")).toBe("/members");
    const replay = await browser(path, binding);
    expect(replay.headers.get("location")).toBe("/sign-in?sso_error=sso_failed");
    const page = await browser("/sign-in?sso_error=sso_failed");
    expect(await page.text()).toContain("did not complete");
  });

  it("an admin's test sign-in creates no session and answers the claims at /tests/{testId}", async () => {
    const acct = await ssoAccount();
    const admin = await withPassword(acct.apiKey, "ADMIN");
    const cookie = await passwordSignIn(admin.email, PASSWORD);
    const email = `tester@${acct.domain}`;
    const { back, session } = await ssoSignIn(
      acct.connection.id,
      person(email),
      `/sso/${acct.connection.id}/start?test=1`,
      cookie,
    );
    expect(session).toBeUndefined();
    const location = back.headers.get("location") ?? "";
    expect(location).toMatch(new RegExp(`^/settings/sso/${acct.connection.id}/tests/[A-Za-z0-9_-]+$`));
    const testId = location.split("/").pop();
    const result = await api("GET", `/api/v1/sso/connections/${acct.connection.id}/tests/${testId}`, {
      key: acct.apiKey,
    });
    expect(result.body).toMatchObject({ status: "complete", emailVerified: true, profile: { email } });
    expect((await api("GET", `/api/v1/members?q=tester`, { key: acct.apiKey })).body.data).toEqual([]);
    // A test needs an admin's session in the connection's account.
    const anonymous = await browser(`/sso/${acct.connection.id}/start?test=1`);
    expect(anonymous.headers.get("location")).toBe("/sign-in?sso_error=unauthenticated");
  });
});

describe("an account that requires SSO", () => {
  it("an API key cannot turn it on; an SSO session can; then a password session gets 403 sso_required, keys go on", async () => {
    const acct = await ssoAccount();
    const regular = await withPassword(acct.apiKey, "REGULAR");
    const pwd = await passwordSignIn(regular.email, PASSWORD);
    expect((await api("GET", "/api/v1/account", { headers: { cookie: pwd } })).status).toBe(200);
    expectError(
      await api("PATCH", "/api/v1/account/security", { key: acct.apiKey, body: { sso: "required" } }),
      403,
      "sso_required",
    );
    // An admin who signs in through the IdP (joined as REGULAR, promoted to ADMIN by the owner).
    const { session } = await ssoSignIn(acct.connection.id, person(`boss@${acct.domain}`));
    const found = await api("GET", "/api/v1/members?q=boss", { key: acct.apiKey });
    const boss = found.body.data.find((m: { email: string }) => m.email === `boss@${acct.domain}`);
    const promoted = await api("POST", "/api/v1/account/users/promote", {
      key: acct.apiKey,
      body: { user_id: boss.id },
    });
    expect(promoted.status).toBe(200);
    const on = await api("PATCH", "/api/v1/account/security", {
      headers: { cookie: session ?? "", origin: baseUrl() },
      body: { sso: "required" },
    });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ sso: "required" });
    expectError(await api("GET", "/api/v1/account", { headers: { cookie: pwd } }), 403, "sso_required");
    expect((await api("GET", "/api/v1/account", { key: regular.apiKey })).status).toBe(200);
    expect((await api("GET", "/api/v1/account", { headers: { cookie: session ?? "" } })).status).toBe(200);
  });
});

describe("signing in through SAML in the browser", () => {
  /** An auto-join domain, and a SAML connection to the in-process samlify IdP read from its metadata. */
  async function samlAccount(extra: Record<string, unknown> = {}) {
    const acct = await ssoAccount();
    const c = await api("POST", "/api/v1/sso/connections", {
      key: acct.apiKey,
      body: { type: "saml", name: "SAML IdP", metadataXml: samlIdp.metadataXml, state: "active", ...extra },
    });
    expect(c.status).toBe(201);
    return { ...acct, saml: c.body };
  }

  /** The IdP's form post to the ACS: from the IdP's site, without any of our cookies. */
  const postToAcs = (post: SamlPost) =>
    fetch(post.acs, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: new URL(samlIdp.entityId).origin,
        "x-forwarded-for": clientAddress,
      },
      body: new URLSearchParams({
        SAMLResponse: post.SAMLResponse,
        ...(post.RelayState ? { RelayState: post.RelayState } : {}),
      }),
    });

  const cookieOf = (res: Response, name: string) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${name}=`))
      ?.split(";")[0] ?? "";

  it("serves SP metadata (public at the entity id; as a download to admins); start → IdP → ACS → same-site GET signs in", async () => {
    const acct = await samlAccount();
    const { saml } = acct;
    expect(saml.acsUrl).toMatch(new RegExp(`^http://[^/]+/sso/${saml.id}/acs$`));
    const open = await browser(new URL(saml.entityId).pathname);
    expect(open.status).toBe(200);
    const xml = await open.text();
    expect(xml).toContain(`entityID="${saml.entityId}"`);
    const admin = await api("GET", `/api/v1/sso/connections/${saml.id}/saml/metadata`, { key: acct.apiKey });
    expect(admin.headers.get("content-disposition")).toContain("attachment");
    expectError(
      await api("GET", `/api/v1/sso/connections/${acct.connection.id}/saml/metadata`, { key: acct.apiKey }),
      404,
    );

    const email = `ada@${acct.domain}`;
    samlIdp.people.set(email, { attributes: { email, givenName: "Ada", sn: "Lovelace" } });
    const start = await browser(`/sso/${saml.id}/start`);
    expect(start.status).toBe(303);
    const binding = cookieOf(start, "roster-sso");
    const location = start.headers.get("location") ?? "";
    expect(location.startsWith(samlIdp.ssoUrl)).toBe(true);
    expect(new URL(location).searchParams.get("Signature")).toBeTruthy();
    const post = await samlIdp.answer(location, xml, email);
    const acs = await postToAcs(post);
    expect(acs.status).toBe(303);
    const next = acs.headers.get("location") ?? "";
    expect(next).toMatch(new RegExp(`^/sso/${saml.id}/callback\\?state=`));
    // Another browser (no binding cookie) cannot collect it.
    const stranger = await browser(next);
    expect(stranger.headers.get("location")).toBe("/sign-in?sso_error=sso_failed");
    expect(cookieOf(stranger, "next-auth.session-token")).toBe("");
    const back = await browser(next, binding);
    expect(back.headers.get("location")).toBe("/members");
    const session = cookieOf(back, "next-auth.session-token");
    expect(session).toBeTruthy();
    const me = await api("GET", `/api/v1/members?q=${encodeURIComponent(email)}`, { key: acct.apiKey });
    expect(me.body.data[0]).toMatchObject({ email, firstName: "Ada", lastName: "Lovelace" });
    // The same answer posted again: already used.
    const again = await postToAcs(post);
    expect(again.headers.get("location")).toBe("/sign-in?sso_error=sso_failed");
  });

  it("begun at the IdP: refused unless allowed; then an interstitial the person confirms from this site, once", async () => {
    const acct = await samlAccount();
    const { saml } = acct;
    const xml = await (await browser(new URL(saml.entityId).pathname)).text();
    const email = `idp@${acct.domain}`;
    samlIdp.people.set(email, { attributes: { email } });
    const off = await postToAcs(await samlIdp.unsolicited(xml, email));
    expect(off.headers.get("location")).toBe("/sign-in?sso_error=sso_failed");

    const on = await api("PATCH", `/api/v1/sso/connections/${saml.id}`, {
      key: acct.apiKey,
      body: { allowIdpInitiated: true },
    });
    expect(on.body.allowIdpInitiated).toBe(true);
    const acs = await postToAcs(await samlIdp.unsolicited(xml, email));
    const collect = await browser(acs.headers.get("location") ?? "");
    expect(collect.status).toBe(303);
    const binding = cookieOf(collect, "roster-sso");
    const page = collect.headers.get("location") ?? "";
    expect(page).toMatch(new RegExp(`^/sso/${saml.id}/confirm\\?c=`));
    const html = await (await browser(page, binding)).text();
    expect(html).toContain("Acme SSO");
    expect(html).toContain(email);
    const confirmId = new URL(page, baseUrl()).searchParams.get("c") ?? "";
    const accept = (cookie: string, origin: string) =>
      fetch(`${baseUrl()}/sso/${saml.id}/accept`, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie,
          origin,
          "content-type": "application/x-www-form-urlencoded",
          "x-forwarded-for": clientAddress,
        },
        body: new URLSearchParams({ confirm: confirmId }),
      });
    // From another site: refused (a form elsewhere cannot confirm for the person).
    const forged = await accept(binding, "https://evil.example");
    expect(cookieOf(forged, "next-auth.session-token")).toBe("");
    // Another browser: refused.
    const other = await accept(`roster-sso=${"A".repeat(43)}`, baseUrl());
    expect(other.headers.get("location")).toBe("/sign-in?sso_error=sso_failed");
    const ok = await accept(binding, baseUrl());
    expect(ok.headers.get("location")).toBe("/members");
    expect(cookieOf(ok, "next-auth.session-token")).toBeTruthy();
    const twice = await accept(binding, baseUrl());
    expect(twice.headers.get("location")).toBe("/sign-in?sso_error=sso_failed");
  });
});
