// Single sign-on through OpenID Connect (issue 29): a real IdP (oidc-provider)
// on loopback; each attack of the list against the domain's verbs.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberActorForSession } from "@/lib/domain/sign-in/access";
import { updateSecurityPolicy } from "@/lib/domain/sign-in/policy";
import {
  addConnection,
  deleteConnection,
  getConnection,
  listConnections,
  updateConnection,
} from "@/lib/domain/sso/connections";
import { beginSsoSignIn, finishSsoSignIn, getTestResult, type SsoOutcome } from "@/lib/domain/sso/sign-in";
import type { MemberActor } from "@/lib/platform/auth/actor";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, newAccount, newMember, newPerson, type TestAccount } from "./setup/fixtures";
import { signInAt, startIdp, type TestIdp } from "./setup/oidc-idp";
import { testSession } from "./setup/sessions";
import { verifiedDomain } from "./setup/verified-domain";

const CALLBACK = /^http:\/\/localhost:\d+\/sso\/\d+\/callback$/;
let idp: TestIdp;
let other: TestIdp;
beforeAll(async () => {
  process.env.ROSTER_SSO_ALLOW_PRIVATE = "1";
  idp = await startIdp({ redirectUri: CALLBACK });
  other = await startIdp({ redirectUri: CALLBACK });
});
afterAll(async () => {
  await idp?.close();
  await other?.close();
  delete process.env.ROSTER_SSO_ALLOW_PRIVATE;
});

const origin = { ip: "203.0.113.7", userAgent: "vitest" };

async function connect(account: TestAccount, at: TestIdp = idp, extra: Record<string, unknown> = {}) {
  return addConnection(account.owner, {
    type: "oidc",
    name: "Test IdP",
    issuer: at.issuer,
    clientId: at.clientId,
    clientSecret: at.clientSecret,
    state: "active",
    ...extra,
  });
}

function person(at: TestIdp, email: string, claims: Record<string, unknown> = {}) {
  const sub = randomBytes(6).toString("hex");
  at.people.set(sub, { email, email_verified: true, given_name: "Ada", family_name: "Lovelace", ...claims });
  return sub;
}

/** The whole browser round trip: begin, sign in at the IdP as `sub`, come back to Roster. */
async function signIn(
  connectionId: number,
  sub: string,
  opts: { signedInUserId?: number | null; tester?: MemberActor; at?: TestIdp } = {},
): Promise<SsoOutcome> {
  const binding = randomBytes(16).toString("base64url");
  const { url } = await beginSsoSignIn({
    connectionId,
    binding,
    signedInUserId: opts.signedInUserId ?? null,
    tester: opts.tester,
  });
  const callback = await signInAt(url, sub);
  return finishSsoSignIn({ connectionId, callback, binding, origin });
}

const signedIn = (o: SsoOutcome) => {
  if (o.kind !== "signed_in") throw new Error(`expected a sign-in, got ${o.kind}`);
  return o;
};

describe("SSO connections", () => {
  it("keep the client secret sealed and never answer it; name the redirect URI; If-Match; ADMIN+ only", async () => {
    const acct = await newAccount();
    const c = await connect(acct);
    expect(c).toMatchObject({ type: "oidc", state: "active", clientSecretSet: true, issuer: idp.issuer });
    expect(JSON.stringify(c)).not.toContain(idp.clientSecret);
    expect(c.redirectUri).toMatch(new RegExp(`/sso/${c.id}/callback$`));
    const row = await (await getDb()).ssoConnection.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.clientSecret).not.toContain(idp.clientSecret);
    await expectDomainError(
      updateConnection(acct.owner, c.id, { name: "x" }, { expectedVersion: 99 }),
      "precondition_failed",
    );
    expect((await updateConnection(acct.owner, c.id, { name: "Okta" }, { expectedVersion: c.version })).name).toBe(
      "Okta",
    );
    const regular = await newMember(acct, "REGULAR");
    await expectDomainError(listConnections(regular.actor), "forbidden");
    const b = await newAccount("B");
    await expectDomainError(getConnection(b.owner, c.id), "not_found");
  });

  it("refuse bad input by name: an unknown type, a non-https issuer, unknown fields", async () => {
    const acct = await newAccount();
    const ldap = await expectDomainError(addConnection(acct.owner, { type: "ldap", name: "x" }), "invalid_input");
    expect(ldap.details.map((d) => d.field)).toContain("type");
    delete process.env.ROSTER_SSO_ALLOW_PRIVATE;
    try {
      const http = await expectDomainError(connect(acct), "invalid_input");
      expect(http.details[0]).toMatchObject({ field: "issuer", message: "must be an https URL" });
    } finally {
      process.env.ROSTER_SSO_ALLOW_PRIVATE = "1";
    }
    await expectDomainError(connect(acct, idp, { clientSecret: undefined, secret: "x" }), "invalid_input");
    // Not a URL at all: one refusal naming the issuer, never an exception from a later check.
    const junk = await expectDomainError(connect(acct, idp, { issuer: '"3B__prot' }), "invalid_input");
    expect(junk.details.map((d) => d.field)).toEqual(["issuer"]);
  });
});

describe("signing in through OpenID Connect", () => {
  it("happy path: a person at a verified auto-join domain becomes an ACTIVE member with the mapped profile", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "DEVELOPER");
    const c = await connect(acct);
    const sub = person(idp, `ada@${domain}`, { title: "Countess" });
    const out = signedIn(await signIn(c.id, sub));
    expect(out).toMatchObject({ accountId: acct.accountId, joined: true });
    const db = await getDb();
    const m = await db.membership.findFirstOrThrow({ where: { accountId: acct.accountId, userId: out.minted.uid } });
    expect(m).toMatchObject({
      status: "ACTIVE",
      role: "DEVELOPER",
      firstName: "Ada",
      lastName: "Lovelace",
      title: "Countess",
    });
    const session = await db.session.findUniqueOrThrow({ where: { id: out.minted.sid } });
    expect(session).toMatchObject({ methods: ["sso"], level: 1, connectionId: c.id, ssoAccountId: acct.accountId });
    const actor = await memberActorForSession(out.minted, acct.accountId);
    expect(actor?.accountId).toBe(acct.accountId);
    // Again: the same person (linked by subject), no second membership; the profile follows the IdP.
    idp.people.set(sub, { ...idp.people.get(sub), family_name: "King" });
    const again = signedIn(await signIn(c.id, sub));
    expect(again.minted.uid).toBe(out.minted.uid);
    expect(again.joined).toBe(false);
    expect((await db.membership.findUniqueOrThrow({ where: { id: m.id } })).lastName).toBe("King");
    const user = await db.user.findUniqueOrThrow({ where: { id: out.minted.uid } });
    expect(user.emailStatus).toBe("CONFIRMED");
  });

  it("counts as two factors only when the connection trusts the IdP's MFA and the id token's amr says so", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct);
    const trusting = await connect(acct, idp, { trustIdpMfa: true });
    const plain = await connect(acct);
    const db = await getDb();
    const levelOf = async (o: SsoOutcome) =>
      (await db.session.findUniqueOrThrow({ where: { id: signedIn(o).minted.sid } })).level;
    const strong = person(idp, `strong@${domain}`, { amr: ["pwd", "mfa"] });
    const weak = person(idp, `weak@${domain}`, { amr: ["pwd"] });
    expect(await levelOf(await signIn(trusting.id, strong))).toBe(2);
    expect(await levelOf(await signIn(trusting.id, weak))).toBe(1);
    expect(await levelOf(await signIn(plain.id, person(idp, `other@${domain}`, { amr: ["pwd", "mfa"] })))).toBe(1);
  });

  it("passes the typed email on as login_hint, and nothing that is not an email", async () => {
    const acct = await newAccount();
    const c = await connect(acct);
    const hinted = await beginSsoSignIn({
      connectionId: c.id,
      binding: "b",
      signedInUserId: null,
      loginHint: "Ada@X.example",
    });
    expect(new URL(hinted.url).searchParams.get("login_hint")).toBe("ada@x.example");
    const junk = await beginSsoSignIn({
      connectionId: c.id,
      binding: "b",
      signedInUserId: null,
      loginHint: 'x" onload=',
    });
    expect(new URL(junk.url).searchParams.has("login_hint")).toBe(false);
  });

  it("a wrong state, another browser, a replayed answer: refused", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct);
    const c = await connect(acct);
    const sub = person(idp, `bo@${domain}`);
    const binding = "browser-one";
    const { url } = await beginSsoSignIn({ connectionId: c.id, binding, signedInUserId: null });
    const callback = await signInAt(url, sub);
    const wrongState = new URL(callback);
    wrongState.searchParams.set("state", "not-the-state");
    await expectDomainError(
      finishSsoSignIn({ connectionId: c.id, callback: wrongState, binding, origin }),
      "sso_failed",
    );
    await expectDomainError(
      finishSsoSignIn({ connectionId: c.id, callback, binding: "browser-two", origin }),
      "sso_failed",
    );
    await expectDomainError(
      finishSsoSignIn({ connectionId: c.id, callback, binding: undefined, origin }),
      "sso_failed",
    );
    signedIn(await finishSsoSignIn({ connectionId: c.id, callback, binding, origin }));
    const replay = await expectDomainError(
      finishSsoSignIn({ connectionId: c.id, callback, binding, origin }),
      "sso_failed",
    );
    expect(replay.message).toContain("already used");
  });

  it("a nonce changed on the way to the IdP: the id token's nonce does not match, refused", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct);
    const c = await connect(acct);
    const sub = person(idp, `cy@${domain}`);
    const binding = "b";
    const { url } = await beginSsoSignIn({ connectionId: c.id, binding, signedInUserId: null });
    const tampered = new URL(url);
    tampered.searchParams.set("nonce", "attacker-nonce");
    const callback = await signInAt(tampered.toString(), sub);
    const e = await expectDomainError(finishSsoSignIn({ connectionId: c.id, callback, binding, origin }), "sso_failed");
    expect(e.message).toContain('claim "nonce"');
  });

  it("an issuer mix-up: another IdP's answer brought to this connection's callback is refused", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct);
    const mine = await connect(acct);
    const theirs = await connect(await newAccount("Other"), other);
    const sub = person(other, `mix@${domain}`);
    const binding = "b";
    const { url } = await beginSsoSignIn({ connectionId: mine.id, binding, signedInUserId: null });
    const state = new URL(url).searchParams.get("state") ?? "";
    // The attacker's IdP answers with this browser's state, to this connection's callback.
    const start = await beginSsoSignIn({ connectionId: theirs.id, binding: "x", signedInUserId: null });
    const forged = new URL(start.url);
    forged.searchParams.set("state", state);
    forged.searchParams.set("redirect_uri", mine.redirectUri ?? "");
    const callback = await signInAt(forged.toString(), sub);
    expect(callback.searchParams.get("code")).toBeTruthy();
    await expectDomainError(finishSsoSignIn({ connectionId: mine.id, callback, binding, origin }), "sso_failed");
    expect(await (await getDb()).user.count({ where: { email: `mix@${domain}` } })).toBe(0);
  });

  it("an email the IdP has not verified: refused, nobody created", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct);
    const c = await connect(acct);
    const sub = person(idp, `unverified@${domain}`, { email_verified: false });
    const e = await expectDomainError(signIn(c.id, sub), "sso_failed");
    expect(e.message).toContain("not verified");
    expect(await (await getDb()).user.count({ where: { email: `unverified@${domain}` } })).toBe(0);
  });

  it("signing in again to confirm it is you: the IdP is asked to sign in afresh; the browser returns where it was", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct);
    const c = await connect(acct);
    const sub = person(idp, `again@${domain}`);
    const binding = randomBytes(16).toString("base64url");
    const { url } = await beginSsoSignIn({
      connectionId: c.id,
      binding,
      signedInUserId: null,
      reauth: true,
      returnTo: "/settings?tab=sso",
    });
    expect(new URL(url).searchParams.get("prompt")).toBe("login");
    const out = signedIn(
      await finishSsoSignIn({ connectionId: c.id, callback: await signInAt(url, sub), binding, origin }),
    );
    expect(out.returnTo).toBe("/settings?tab=sso");
    const plain = await beginSsoSignIn({ connectionId: c.id, binding, signedInUserId: null });
    expect(new URL(plain.url).searchParams.get("prompt")).toBeNull();
  });

  it("follows the IdP's key rotation at once", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct);
    const c = await connect(acct);
    const sub = person(idp, `rot@${domain}`);
    const first = signedIn(await signIn(c.id, sub));
    await idp.rotateKey();
    const second = signedIn(await signIn(c.id, sub));
    expect(second.minted.uid).toBe(first.minted.uid);
  });

  it("an expired id token: refused", async () => {
    // Id tokens that live 1 s, held back 2.5 s on the way, against a tolerance of 1 s.
    const stale = await startIdp({ redirectUri: CALLBACK, idTokenTtl: 1, tokenDelayMs: 2500 });
    process.env.ROSTER_SSO_CLOCK_SKEW_S = "1";
    try {
      const acct = await newAccount();
      const domain = await verifiedDomain(acct);
      const c = await connect(acct, stale);
      const sub = person(stale, `old@${domain}`);
      const e = await expectDomainError(signIn(c.id, sub), "sso_failed");
      expect(e.message).toContain('claim "exp"');
    } finally {
      delete process.env.ROSTER_SSO_CLOCK_SKEW_S;
      await stale.close();
    }
  });

  it("an unknown subject whose email belongs to a person at an unverified domain: not linked", async () => {
    const acct = await newAccount();
    const c = await connect(acct);
    const victim = await newMember(acct, "ADMIN");
    const db = await getDb();
    const email = (await db.user.findUniqueOrThrow({ where: { id: victim.userId } })).email ?? "";
    const sub = person(idp, email);
    const e = await expectDomainError(signIn(c.id, sub), "sso_not_linked");
    expect(e.message).toContain("not linked");
    expect(await db.ssoIdentity.count({ where: { connectionId: c.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: victim.userId, connectionId: c.id } })).toBe(0);
    // Signed in the way they did before, in this browser: the member confirms the link.
    const linked = signedIn(await signIn(c.id, sub, { signedInUserId: victim.userId }));
    expect(linked.minted.uid).toBe(victim.userId);
    // A stranger signed in in the browser (not a member, no invitation) links nothing.
    const stranger = await newPerson();
    const sub2 = person(idp, `someone-${randomBytes(3).toString("hex")}@elsewhere.example`);
    await expectDomainError(signIn(c.id, sub2, { signedInUserId: stranger.id }), "sso_not_linked");
  });

  it("a person linked in account A: that link opens neither account B nor B's connection", async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const domain = await verifiedDomain(a);
    const ca = await connect(a);
    const cb = await connect(b);
    const sub = person(idp, `both@${domain}`);
    const out = signedIn(await signIn(ca.id, sub));
    // The person is also an ACTIVE member of B (added there by B's admin).
    const db = await getDb();
    await db.membership.create({
      data: { userId: out.minted.uid, accountId: b.accountId, role: "REGULAR", status: "ACTIVE" },
    });
    expect(await memberActorForSession(out.minted, b.accountId)).toMatchObject({ accountId: a.accountId });
    // B's connection (the same IdP, B's own client): the domain is not B's, the subject not linked there.
    await expectDomainError(signIn(cb.id, sub), "sso_not_linked");
  });

  it("an unproved login at a verified domain (a squatter's password) is reset when the IdP vouches for the address", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct);
    const c = await connect(acct);
    const db = await getDb();
    const squatter = await newPerson(`ceo@${domain}`);
    await db.user.update({ where: { id: squatter.id }, data: { passwordHash: "squatter-hash" } });
    const before = await testSession(squatter.id);
    const out = signedIn(await signIn(c.id, person(idp, `ceo@${domain}`)));
    expect(out.minted.uid).toBe(squatter.id);
    const user = await db.user.findUniqueOrThrow({ where: { id: squatter.id } });
    expect(user).toMatchObject({ passwordHash: null, emailStatus: "CONFIRMED" });
    expect(await memberActorForSession(before, acct.accountId)).toBeNull();
  });

  it("no membership and no auto-join: refused clearly; an invited member is told to accept first", async () => {
    const acct = await newAccount("Closed");
    const domain = await verifiedDomain(acct, "OFF");
    const c = await connect(acct);
    const e = await expectDomainError(signIn(c.id, person(idp, `new@${domain}`)), "forbidden");
    expect(e.message).toContain("not a member of Closed");
  });

  it("a draft connection signs nobody in; an admin's test sign-in shows the claims and mapped profile, with no session", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct);
    const c = await connect(acct, idp, { state: "draft" });
    const sub = person(idp, `test@${domain}`);
    await expectDomainError(signIn(c.id, sub), "not_found");
    const out = await signIn(c.id, sub, { tester: acct.owner });
    expect(out.kind).toBe("tested");
    if (out.kind !== "tested") return;
    const result = await getTestResult(acct.owner, c.id, out.testId);
    expect(result).toMatchObject({
      status: "complete",
      emailVerified: true,
      profile: { email: `test@${domain}`, firstName: "Ada", lastName: "Lovelace" },
    });
    const db = await getDb();
    expect(await db.user.count({ where: { email: `test@${domain}` } })).toBe(0);
    const b = await newAccount("B");
    await expectDomainError(getTestResult(b.owner, c.id, out.testId), "not_found");
    await expectDomainError(signIn(c.id, sub, { tester: (await newMember(acct, "REGULAR")).actor }), "forbidden");
  });
});

describe("an account that requires SSO", () => {
  it("is turned on only from a session through its connection; then password sessions stop; SUPERs with two factors break glass, audited", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "ADMIN");
    const c = await connect(acct);
    const regular = await newMember(acct, "REGULAR");
    const pwd = await testSession(regular.userId);
    // An admin's password session, resolved before the change: its write in flight re-checks under the account lock.
    const inFlight = (await memberActorForSession(
      await testSession((await newMember(acct, "ADMIN")).userId),
      acct.accountId,
    )) as MemberActor;
    const ownerSession = await testSession(acct.owner.userId);
    const ownerActor = await memberActorForSession(ownerSession, acct.accountId);
    if (!ownerActor) throw new Error("no owner actor");
    await expectDomainError(updateSecurityPolicy(ownerActor, { sso: "required" }), "sso_required");
    await expectDomainError(updateSecurityPolicy(acct.owner, { sso: "required" }), "sso_required");
    const admin = signedIn(await signIn(c.id, person(idp, `admin@${domain}`)));
    const adminActor = await memberActorForSession(admin.minted, acct.accountId);
    if (!adminActor) throw new Error("no admin actor");
    expect((await updateSecurityPolicy(adminActor, { sso: "required" })).sso).toBe("required");
    await expectDomainError(updateConnection(inFlight, c.id, { name: "in flight" }), "unauthenticated");
    // From the next request: a password session is refused; the SSO session and API keys go on.
    await expectDomainError(memberActorForSession(pwd, acct.accountId), "sso_required");
    expect(await memberActorForSession(admin.minted, acct.accountId)).not.toBeNull();
    // Break-glass: the SUPER with two factors, audited as a warning.
    const glass = await testSession(acct.owner.userId, ["pwd", "otp"]);
    expect((await memberActorForSession(glass, acct.accountId))?.role).toBe("SUPER");
    const db = await getDb();
    expect(await db.auditEvent.count({ where: { accountId: acct.accountId, action: "user.sso_break_glass" } })).toBe(1);
    await expectDomainError(memberActorForSession(ownerSession, acct.accountId), "sso_required");
    // Its only active connection stays while SSO is required.
    await expectDomainError(updateConnection(acct.owner, c.id, { state: "inactive" }), "invalid_transition");
    await expectDomainError(deleteConnection(acct.owner, c.id), "invalid_transition");
    // Only a SUPER loosens it.
    await expectDomainError(updateSecurityPolicy(adminActor, { sso: "optional" }), "forbidden");
    expect((await updateSecurityPolicy(acct.owner, { sso: "optional" })).sso).toBe("optional");
    expect(await memberActorForSession(pwd, acct.accountId)).not.toBeNull();
  });
});
