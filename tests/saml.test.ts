// Single sign-on through SAML 2.0 (issue 29): samlify as the IdP (it parses and
// verifies Roster's signed AuthnRequest and signs its assertions), and each
// forged answer of the list against the domain's verbs.
import { randomBytes } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { addConnection, connectionSpMetadata, updateConnection } from "@/lib/domain/sso/connections";
import {
  beginSsoSignIn,
  claimIdpConfirmation,
  confirmIdpSignIn,
  describeIdpConfirmation,
  finishSsoSignIn,
  getTestResult,
  receiveSamlResponse,
  type SsoOutcome,
} from "@/lib/domain/sso/sign-in";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, newAccount, type TestAccount } from "./setup/fixtures";
import {
  bareCertificate,
  createSamlIdp,
  decodeResponse,
  encodeResponse,
  type Overrides,
  type SamlPost,
  type SamlTestIdp,
} from "./setup/saml-idp";
import { freshDomain, verifiedDomain } from "./setup/verified-domain";

let idp: SamlTestIdp;
let rogue: SamlTestIdp;
beforeAll(async () => {
  idp = await createSamlIdp();
  rogue = await createSamlIdp({ entityId: "https://rogue.example.test/saml" });
});

const origin = { ip: "203.0.113.8", userAgent: "vitest" };
const newBinding = () => randomBytes(32).toString("base64url");

async function connect(account: TestAccount, extra: Record<string, unknown> = {}) {
  return addConnection(account.owner, {
    type: "saml",
    name: "Okta",
    metadataXml: idp.metadataXml,
    state: "active",
    ...extra,
  });
}

function person(email: string, attributes: Record<string, string> = {}) {
  idp.people.set(email, { attributes: { email, firstName: "Grace", lastName: "Hopper", ...attributes } });
  rogue.people.set(email, { attributes: { email } });
  return email;
}

const metadataOf = async (acct: TestAccount, id: number) => (await connectionSpMetadata(acct.owner, id)).xml;

/** Begins a sign-in in one browser; answers what the IdP would post back. */
async function atIdp(
  acct: TestAccount,
  connectionId: number,
  nameId: string,
  o: { at?: SamlTestIdp; overrides?: Overrides } = {},
) {
  const binding = newBinding();
  const { url } = await beginSsoSignIn({ connectionId, binding, signedInUserId: null });
  const post = await (o.at ?? idp).answer(url, await metadataOf(acct, connectionId), nameId, o.overrides);
  return { binding, post };
}

/** The ACS, then the same-site GET from `binding`'s browser. */
async function deliver(connectionId: number, post: SamlPost, binding: string): Promise<SsoOutcome> {
  const receipt = await receiveSamlResponse({
    connectionId,
    samlResponse: post.SAMLResponse,
    relayState: post.RelayState,
  });
  if (receipt.kind !== "answered") throw new Error(`expected an answered sign-in, got ${receipt.kind}`);
  const callback = new URL(`http://localhost/sso/${connectionId}/callback?state=${receipt.state}`);
  return finishSsoSignIn({ connectionId, callback, binding, origin });
}

const signedIn = (o: SsoOutcome) => {
  if (o.kind !== "signed_in") throw new Error(`expected a sign-in, got ${o.kind}`);
  return o;
};

describe("SAML connections", () => {
  it("read the IdP's metadata; name the entity id, ACS and metadata URL; seal the SP key; serve SP metadata", async () => {
    const acct = await newAccount();
    const c = await connect(acct);
    expect(c).toMatchObject({ type: "saml", idpEntityId: idp.entityId, idpSsoUrl: idp.ssoUrl, redirectUri: null });
    expect(c.entityId).toMatch(new RegExp(`/sso/${c.id}/metadata$`));
    expect(c.acsUrl).toMatch(new RegExp(`/sso/${c.id}/acs$`));
    expect(c.idpCertificates).toHaveLength(1);
    expect(c.idpCertificates[0].sha256).toMatch(/^[0-9A-F:]{95}$/);
    const row = await (await getDb()).ssoConnection.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.spPrivateKey).not.toContain("PRIVATE KEY");
    expect(JSON.stringify(c)).not.toContain("PRIVATE KEY");
    const xml = await metadataOf(acct, c.id);
    expect(xml).toContain(`entityID="${c.entityId}"`);
    expect(xml).toContain(`Location="${c.acsUrl}"`);
    expect(xml).toContain('WantAssertionsSigned="true"');
    expect(xml).toContain('AuthnRequestsSigned="true"');
    expect(xml).not.toContain("PRIVATE");
  });

  it("take the IdP's settings by hand, two certificates at once (a rotation); refuse bad ones by name", async () => {
    const acct = await newAccount();
    const c = await addConnection(acct.owner, {
      type: "saml",
      name: "By hand",
      idpEntityId: idp.entityId,
      idpSsoUrl: "https://idp.example.test/sso",
      idpCertificates: [idp.certificate, bareCertificate(rogue.certificate)],
    });
    expect(c.idpCertificates).toHaveLength(2);
    expect(c.state).toBe("draft");
    const fields = async (body: Record<string, unknown>) =>
      (
        await expectDomainError(addConnection(acct.owner, { type: "saml", name: "x", ...body }), "invalid_input")
      ).details.map((d) => d.field);
    expect(await fields({ metadataXml: "<not xml" })).toContain("metadataXml");
    expect(await fields({ metadataXml: "<EntityDescriptor entityID='x'/>" })).toContain("metadataXml");
    expect(
      await fields({ idpEntityId: "x", idpSsoUrl: "https://x.test/sso", idpCertificates: ["MIIBnotacert"] }),
    ).toEqual(["idpCertificates.0"]);
    expect(
      await fields({ idpEntityId: "x", idpSsoUrl: "ftp://x.test/sso", idpCertificates: [idp.certificate] }),
    ).toContain("idpSsoUrl");
    expect(await fields({ idpEntityId: "x" })).toEqual(expect.arrayContaining(["idpSsoUrl", "idpCertificates"]));
    expect(await fields({ clientSecret: "s" })).toContain("clientSecret");
    // A PATCH of an OIDC-only field on a SAML connection is refused by name.
    await expectDomainError(updateConnection(acct.owner, c.id, { clientId: "x" }), "invalid_input");
  });
});

describe("signing in through SAML", () => {
  it("SP-initiated: a signed request, a signed assertion, a member who joins with the mapped profile", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "REGULAR", "saml");
    const c = await connect(acct);
    const email = person(`grace@${domain}`, { department: "Navy" });
    const { binding, post } = await atIdp(acct, c.id, email);
    expect(post.acs).toBe(c.acsUrl);
    const out = signedIn(await deliver(c.id, post, binding));
    expect(out.joined).toBe(true);
    const member = await (await getDb()).membership.findFirstOrThrow({
      where: { accountId: acct.accountId, user: { email } },
    });
    expect(member).toMatchObject({ firstName: "Grace", lastName: "Hopper", department: "Navy", status: "ACTIVE" });
    const identity = await (await getDb()).ssoIdentity.findFirstOrThrow({ where: { connectionId: c.id } });
    expect(identity).toMatchObject({ issuer: idp.entityId, subject: email });
    // Again: the same person, through the link.
    const again = await atIdp(acct, c.id, email);
    expect(signedIn(await deliver(c.id, again.post, again.binding)).minted.uid).toBe(out.minted.uid);
  });

  it("signing in again to confirm it is you asks the IdP for a fresh sign-in (ForceAuthn) and returns where it was", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "REGULAR", "saml");
    const c = await connect(acct);
    const email = person(`again@${domain}`);
    const binding = newBinding();
    const { url } = await beginSsoSignIn({
      connectionId: c.id,
      binding,
      signedInUserId: null,
      reauth: true,
      returnTo: "/members/7",
    });
    const request = inflateRawSync(
      Buffer.from(new URL(url).searchParams.get("SAMLRequest") ?? "", "base64"),
    ).toString();
    expect(request).toContain('ForceAuthn="true"');
    const post = await idp.answer(url, await metadataOf(acct, c.id), email);
    expect(signedIn(await deliver(c.id, post, binding)).returnTo).toBe("/members/7");
  });

  it("the IdP's MFA counts only where the connection trusts it", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "REGULAR", "saml");
    const c = await connect(acct, { trustIdpMfa: true });
    const email = person(`mfa@${domain}`);
    idp.people.set(email, {
      ...idp.people.get(email),
      authnContext: "http://schemas.microsoft.com/claims/multipleauthn",
    });
    const { binding, post } = await atIdp(acct, c.id, email);
    const out = signedIn(await deliver(c.id, post, binding));
    const s = await (await getDb()).session.findUniqueOrThrow({ where: { id: out.minted.sid } });
    expect(s.level).toBe(2);
  });

  const refused = async (_acct: TestAccount, c: { id: number }, post: SamlPost, binding: string, words: RegExp) => {
    const e = await expectDomainError(deliver(c.id, post, binding), "sso_failed");
    expect(e.message).toMatch(words);
  };

  it("refuses an unsigned assertion and a signature over another element (wrapping)", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "REGULAR", "saml");
    const c = await connect(acct);
    const email = person(`sig@${domain}`);
    const unsigned = await atIdp(acct, c.id, email);
    const stripped = decodeResponse(unsigned.post).replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, "");
    await refused(
      acct,
      c,
      { ...unsigned.post, SAMLResponse: encodeResponse(stripped) },
      unsigned.binding,
      /signature/i,
    );

    // Wrapping: an assertion of the attacker's choosing, the IdP's signed one hidden inside it.
    const victim = person(`ceo@${domain}`);
    const wrap = await atIdp(acct, c.id, email);
    const xml = decodeResponse(wrap.post);
    const signed = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)?.[0] ?? "";
    const evil = signed
      .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "")
      .replace(/ID="[^"]+"/, 'ID="_evil"')
      .replaceAll(email, victim)
      .replace("</saml:Subject>", `</saml:Subject><saml:Advice>${signed}</saml:Advice>`);
    await refused(
      acct,
      c,
      { ...wrap.post, SAMLResponse: encodeResponse(xml.replace(signed, evil)) },
      wrap.binding,
      /signature/i,
    );
    expect(await (await getDb()).user.count({ where: { email: victim } })).toBe(0);
  });

  it("refuses another audience, another recipient, an expired assertion, another issuer", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "REGULAR", "saml");
    const c = await connect(acct);
    const email = person(`cond@${domain}`);
    const cases: [Overrides, RegExp][] = [
      [{ Audience: "https://other-sp.example/metadata" }, /audience/i],
      [{ SubjectRecipient: "https://other-sp.example/acs" }, /is for https:\/\/other-sp/],
      [
        {
          ConditionsNotBefore: new Date(Date.now() - 3_600_000).toISOString(),
          ConditionsNotOnOrAfter: new Date(Date.now() - 600_000).toISOString(),
        },
        /expired/i,
      ],
      [{ SubjectConfirmationDataNotOnOrAfter: new Date(Date.now() - 600_000).toISOString() }, /subject confirmation/i],
      [{ ConditionsNotBefore: new Date(Date.now() + 600_000).toISOString() }, /not yet valid/i],
      [{ Issuer: "https://rogue.example.test/saml" }, /issuer/i],
    ];
    for (const [overrides, words] of cases) {
      const { binding, post } = await atIdp(acct, c.id, email, { overrides });
      await expectDomainError(
        receiveSamlResponse({ connectionId: c.id, samlResponse: post.SAMLResponse, relayState: post.RelayState }),
        "sso_failed",
      ).then((e) => expect(e.message).toMatch(words));
      void binding;
    }
    expect(await (await getDb()).user.count({ where: { email } })).toBe(0);
  });

  it("refuses an assertion signed with a certificate the connection does not hold", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "REGULAR", "saml");
    const c = await connect(acct);
    const email = person(`rogue@${domain}`);
    const { binding, post } = await atIdp(acct, c.id, email, {
      at: rogue,
      overrides: { Issuer: idp.entityId },
    });
    await refused(acct, c, post, binding, /signature/i);
  });

  it("refuses a replayed assertion, and an answer collected by another browser", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "REGULAR", "saml");
    const c = await connect(acct);
    const email = person(`replay@${domain}`);
    const { binding, post } = await atIdp(acct, c.id, email);
    signedIn(await deliver(c.id, post, binding));
    // The same answer again, even for a new request of this browser (its RelayState rewritten).
    const second = await atIdp(acct, c.id, email);
    await refused(
      acct,
      c,
      { ...post, RelayState: second.post.RelayState },
      second.binding,
      /InResponseTo|already used/,
    );
    await refused(acct, c, post, binding, /already used|expired/);

    // Login CSRF: the attacker's own answer, delivered to the victim's browser.
    const attacker = await atIdp(acct, c.id, person(`mallory@${domain}`));
    await refused(acct, c, attacker.post, newBinding(), /not begun in this browser/);
  });

  it("refuses an answer to another browser's request (InResponseTo)", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "REGULAR", "saml");
    const c = await connect(acct);
    const email = person(`irt@${domain}`);
    const a = await atIdp(acct, c.id, email);
    const b = await atIdp(acct, c.id, email);
    // A's answer posted with B's RelayState: the answer is InResponseTo A's request, not B's.
    await refused(acct, c, { ...a.post, RelayState: b.post.RelayState }, b.binding, /InResponseTo/);
  });

  it("a test sign-in creates no session and keeps the assertion's claims for the admin", async () => {
    const acct = await newAccount();
    const c = await connect(acct, { state: "draft" });
    const email = person(`test@${freshDomain("saml")}`);
    const { url } = await beginSsoSignIn({
      connectionId: c.id,
      binding: newBinding(),
      signedInUserId: null,
      tester: acct.owner,
    });
    const post = await idp.answer(url, await metadataOf(acct, c.id), email);
    const receipt = await receiveSamlResponse({
      connectionId: c.id,
      samlResponse: post.SAMLResponse,
      relayState: post.RelayState,
    });
    expect(receipt.kind).toBe("tested");
    if (receipt.kind !== "tested") return;
    const result = await getTestResult(acct.owner, c.id, receipt.testId);
    expect(result).toMatchObject({ status: "complete", profile: { email, firstName: "Grace" } });
    expect(await (await getDb()).user.count({ where: { email } })).toBe(0);
  });
});

describe("SAML sign-in begun at the IdP", () => {
  it("is refused unless the connection allows it; then the person confirms, in the browser it was bound to, once", async () => {
    const acct = await newAccount();
    const domain = await verifiedDomain(acct, "AUTO_JOIN", "REGULAR", "saml");
    const c = await connect(acct);
    const email = person(`idp@${domain}`);
    const meta = await metadataOf(acct, c.id);
    const first = await idp.unsolicited(meta, email);
    await expectDomainError(
      receiveSamlResponse({ connectionId: c.id, samlResponse: first.SAMLResponse, relayState: null }),
      "sso_failed",
    ).then((e) => expect(e.message).toMatch(/IdP-initiated sign-in is off/));

    await updateConnection(acct.owner, c.id, { allowIdpInitiated: true });
    const post = await idp.unsolicited(meta, email, "https://evil.example/");
    const receipt = await receiveSamlResponse({
      connectionId: c.id,
      samlResponse: post.SAMLResponse,
      relayState: post.RelayState,
    });
    expect(receipt.kind).toBe("confirm");
    if (receipt.kind !== "confirm") return;
    const mine = newBinding();
    await claimIdpConfirmation(c.id, receipt.confirmId, mine);
    // The first browser to collect it holds it: another cannot take it over.
    await claimIdpConfirmation(c.id, receipt.confirmId, newBinding());
    await expectDomainError(describeIdpConfirmation(c.id, receipt.confirmId, newBinding()), "sso_failed");
    expect(await describeIdpConfirmation(c.id, receipt.confirmId, mine)).toMatchObject({
      email,
      idp: new URL(idp.entityId).host,
    });
    expect(await (await getDb()).user.count({ where: { email } })).toBe(0);
    signedIn(await confirmIdpSignIn({ connectionId: c.id, confirmId: receipt.confirmId, binding: mine, origin }));
    await expectDomainError(
      confirmIdpSignIn({ connectionId: c.id, confirmId: receipt.confirmId, binding: mine, origin }),
      "sso_failed",
    );
    // An unsolicited answer replayed: refused before any confirmation.
    await expectDomainError(
      receiveSamlResponse({ connectionId: c.id, samlResponse: post.SAMLResponse, relayState: null }),
      "sso_failed",
    ).then((e) => expect(e.message).toMatch(/already used/));
  });

  it("an unsolicited answer that claims to answer a request is refused", async () => {
    const acct = await newAccount();
    const c = await connect(acct, { allowIdpInitiated: true });
    const email = person(`irt2@${freshDomain("saml")}`);
    const { post } = await atIdp(acct, c.id, email);
    await expectDomainError(
      receiveSamlResponse({ connectionId: c.id, samlResponse: post.SAMLResponse, relayState: null }),
      "sso_failed",
    ).then((e) => expect(e.message).toMatch(/InResponseTo/));
  });
});
