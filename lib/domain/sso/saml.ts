import "server-only";
// @peculiar/x509 (the SP certificate) needs the Reflect metadata API.
import "reflect-metadata";
import { randomBytes, webcrypto, X509Certificate } from "node:crypto";
import { type CacheProvider, type Profile, SAML, ValidateInResponseTo } from "@node-saml/node-saml";
import * as x509 from "@peculiar/x509";
import { decryptSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { acsUrl, clockSkewS, spEntityId } from "./endpoints";
import { claimsFromSamlAttributes } from "./saml-attributes";
import type { Claims, ConnectionRow } from "./types";

// SAML 2.0 through @node-saml/node-saml (≥ 5.1: a signature is checked over
// exactly the bytes it signed, and only those bytes are read). Signed
// assertions are required; the audience is this connection's entity id; the
// recipient is its ACS URL; InResponseTo must name the request this browser
// began (or be absent in a sign-in begun at the IdP, when the connection
// allows those); each assertion id is accepted once until it expires.

const failed = (message: string) => new DomainError("sso_failed", message);

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${(
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? []
  ).join("\n")}\n-----END ${label}-----\n`;

/** A key pair for this connection's requests and metadata: RSA 2048 with a self-signed certificate (10 years). */
export async function newSpKeyPair(name: string): Promise<{ privateKeyPem: string; certificatePem: string }> {
  const alg = {
    name: "RSASSA-PKCS1-v1_5",
    hash: "SHA-256",
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const cn = name.replace(/[^\p{L}\p{N} ._-]/gu, "").slice(0, 60) || "connection";
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomBytes(8).toString("hex"),
      name: `CN=Roster SAML ${cn}`,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 10 * 365 * 86_400_000),
      keys,
      signingAlgorithm: alg,
    },
    webcrypto as unknown as Crypto,
  );
  return {
    privateKeyPem: pem("PRIVATE KEY", await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)),
    certificatePem: cert.toString("pem"),
  };
}

/** A certificate as PEM (from PEM or bare base64), or null when it is not an X.509 certificate. */
export function normalizeCertificate(raw: string): string | null {
  const body = raw.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]{100,}={0,2}$/.test(body)) return null;
  const text = pem("CERTIFICATE", new Uint8Array(Buffer.from(body, "base64")).buffer);
  try {
    new X509Certificate(text);
    return text;
  } catch {
    return null;
  }
}

export interface CertificateView {
  subject: string;
  notAfter: string;
  sha256: string;
}

export function describeCertificate(text: string): CertificateView {
  const c = new X509Certificate(text);
  return {
    subject: c.subject.replace(/\n/g, ", "),
    notAfter: new Date(c.validTo).toISOString(),
    sha256: c.fingerprint256,
  };
}

interface Expecting {
  /** The AuthnRequest id this browser's sign-in sent; null for a sign-in begun at the IdP. */
  requestId: string | null;
}

function samlFor(c: ConnectionRow, expecting: Expecting, saved?: (id: string) => void, forceAuthn = false): SAML {
  // InResponseTo is checked against the one request this browser began, not a shared cache.
  const cache: CacheProvider = {
    saveAsync: async (key, value) => {
      saved?.(key);
      return { value, createdAt: Date.now() };
    },
    // node-saml reads the value as when the request was made; the request row's own expiry already holds.
    getAsync: async (key) => (expecting.requestId && key === expecting.requestId ? new Date().toISOString() : null),
    removeAsync: async () => null,
  };
  return new SAML({
    entryPoint: c.idpSsoUrl ?? "",
    issuer: spEntityId(c.id),
    callbackUrl: acsUrl(c.id),
    audience: spEntityId(c.id),
    idpCert: c.idpCertificates,
    privateKey: c.spPrivateKey ? decryptSecret(c.spPrivateKey) : undefined,
    signatureAlgorithm: "sha256",
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: clockSkewS() * 1000,
    // An IdP-initiated answer must carry no InResponseTo at all (the cache knows none).
    validateInResponseTo: expecting.requestId ? ValidateInResponseTo.always : ValidateInResponseTo.ifPresent,
    requestIdExpirationPeriodMs: 10 * 60_000,
    cacheProvider: cache,
    identifierFormat: null,
    // Asking for a password context would refuse people who signed in with more at the IdP.
    disableRequestedAuthnContext: true,
    forceAuthn,
  });
}

/** Where to send the browser: the IdP's sign-in URL with a signed AuthnRequest; answers that request's id. */
export async function samlAuthorizeUrl(
  c: ConnectionRow,
  relayState: string,
  opts: { forceAuthn?: boolean } = {},
): Promise<{ url: string; requestId: string }> {
  if (!c.idpSsoUrl || c.idpCertificates.length === 0)
    throw failed("This SAML connection has no IdP sign-in URL or certificate yet");
  let requestId = "";
  const url = await samlFor(
    c,
    { requestId: null },
    (id) => {
      requestId = id;
    },
    opts.forceAuthn,
  ).getAuthorizeUrlAsync(relayState, undefined, {});
  // node-saml records the id only when it validates InResponseTo: make sure it did.
  if (!requestId) throw new Error("the SAML request id was not recorded");
  return { url, requestId };
}

type XmlNode = { $?: Record<string, string>; _?: string; [k: string]: unknown };
const first = (v: unknown): XmlNode | undefined => (Array.isArray(v) ? (v[0] as XmlNode) : undefined);
const textOf = (v: unknown): string | undefined => {
  const n = first(v) as XmlNode | string | undefined;
  return typeof n === "string" ? n : n?._;
};

export interface SamlAnswer {
  claims: Claims;
  assertionId: string;
  /** Until when the assertion could be presented: it is remembered that long. */
  expiresAt: Date;
}

/** Validates a posted SAMLResponse for this connection; answers the asserted person as claims. */
export async function samlAnswer(c: ConnectionRow, samlResponse: string, expecting: Expecting): Promise<SamlAnswer> {
  if (c.idpCertificates.length === 0) throw failed("This SAML connection has no IdP certificate yet");
  let profile: Profile | null;
  try {
    ({ profile } = await samlFor(c, expecting).validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (e) {
    throw failed(
      `The identity provider's answer was refused: ${(e instanceof Error ? e.message : String(e)).slice(0, 300)}`,
    );
  }
  if (!profile?.getAssertion) throw failed("The identity provider's answer holds no assertion");
  const assertion = (profile.getAssertion() as { Assertion?: XmlNode }).Assertion;
  if (!assertion) throw failed("The identity provider's answer holds no assertion");
  const issuer = textOf(assertion.Issuer);
  if (c.idpEntityId && issuer !== c.idpEntityId)
    throw failed(`The assertion's issuer is ${String(issuer).slice(0, 200)}, not ${c.idpEntityId}`);
  // Every bearer confirmation must name this ACS, and (begun at the IdP) answer no request.
  const confirmations = (first(assertion.Subject)?.SubjectConfirmation as XmlNode[] | undefined) ?? [];
  const data = confirmations.map((sc) => first(sc.SubjectConfirmationData));
  if (data.length === 0) throw failed("The assertion has no subject confirmation");
  for (const d of data) {
    const recipient = d?.$?.Recipient;
    if (recipient !== acsUrl(c.id))
      throw failed(`The assertion is for ${String(recipient ?? "no recipient").slice(0, 200)}, not ${acsUrl(c.id)}`);
    if (!expecting.requestId && d?.$?.InResponseTo)
      throw failed("The assertion answers a request this sign-in did not begin");
  }
  const confirmation = data[0];
  const id = assertion.$?.ID;
  if (!id) throw failed("The assertion has no id");
  if (!profile.nameID) throw failed("The assertion names no subject (NameID)");
  if (profile.nameIDFormat === "urn:oasis:names:tc:SAML:2.0:nameid-format:transient")
    throw failed("The IdP sends a transient NameID: configure a persistent or email NameID");
  const until =
    confirmation?.$?.NotOnOrAfter ??
    first(assertion.Conditions)?.$?.NotOnOrAfter ??
    new Date(Date.now() + 3_600_000).toISOString();
  const authnContext = textOf(first(first(assertion.AuthnStatement)?.AuthnContext)?.AuthnContextClassRef);
  const claims = claimsFromSamlAttributes({
    issuer: issuer ?? c.idpEntityId ?? "",
    nameId: profile.nameID,
    nameIdFormat: profile.nameIDFormat,
    attributes: (profile.attributes ?? {}) as Record<string, unknown>,
    authnContext,
  });
  return { claims, assertionId: id, expiresAt: new Date(Date.parse(until) + clockSkewS() * 1000) };
}

/** Accepts an assertion id once for this connection until it expires (a replayed answer is refused). */
export async function rememberAssertion(connectionId: number, answer: SamlAnswer): Promise<void> {
  const db = await getDb();
  await db.samlAssertionSeen.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  const added = await db.samlAssertionSeen.createMany({
    data: [{ id: `${connectionId}:${answer.assertionId}`.slice(0, 500), connectionId, expiresAt: answer.expiresAt }],
    skipDuplicates: true,
  });
  if (added.count === 0) throw failed("This SAML assertion was already used: sign in again");
}

/** This connection's SP metadata (entity id, ACS URL, signing certificate) for the IdP's administrator. */
export function spMetadata(c: ConnectionRow): string {
  return samlFor(c, { requestId: null }).generateServiceProviderMetadata(null, c.spCertificate ?? null);
}
