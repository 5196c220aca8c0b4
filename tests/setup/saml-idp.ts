// A SAML identity provider in the test process: samlify (an independent
// implementation) parses Roster's AuthnRequest — its schema (xmllint) and its
// signature — and signs the assertion it answers. `answer` plays the browser
// at the IdP and answers the form the IdP would post to Roster's ACS;
// `overrides` bend any value of the assertion (still signed by the IdP), to
// forge what a broken or hostile IdP would send. `serve()` puts it on a
// loopback port for a real browser (a login form, then the auto-posting form).
import { randomBytes, X509Certificate } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateRawSync } from "node:zlib";
import * as validator from "@authenio/samlify-node-xmllint";
import * as samlify from "samlify";

samlify.setSchemaValidator(validator);

const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
export const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
export const PERSISTENT_FORMAT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

export interface SamlPerson {
  /** Attribute name → value(s). */
  attributes?: Record<string, string | string[]>;
  nameIdFormat?: string;
  /** The AuthnContextClassRef (how they signed in at the IdP). */
  authnContext?: string;
}

export interface SamlPost {
  acs: string;
  SAMLResponse: string;
  RelayState: string | null;
}

/** Values of the assertion a test may bend (samlify's template tags). */
export type Overrides = Partial<
  Record<
    | "Audience"
    | "SubjectRecipient"
    | "Destination"
    | "Issuer"
    | "InResponseTo"
    | "ConditionsNotBefore"
    | "ConditionsNotOnOrAfter"
    | "SubjectConfirmationDataNotOnOrAfter"
    | "AssertionID",
    string
  >
>;

export interface SamlTestIdp {
  entityId: string;
  ssoUrl: string;
  certificate: string;
  metadataXml: string;
  people: Map<string, SamlPerson>;
  /** Answers Roster's redirect to the IdP (its AuthnRequest) as `nameId`. */
  answer(redirectUrl: string, spMetadataXml: string, nameId: string, overrides?: Overrides): Promise<SamlPost>;
  /** A sign-in begun at the IdP: no request, no InResponseTo. */
  unsolicited(spMetadataXml: string, nameId: string, relayState?: string): Promise<SamlPost>;
  /**
   * Serves the IdP on loopback for a browser. It reads the SP's metadata where
   * IdPs do: at the request's issuer (Roster serves it at the entity id).
   */
  serve(): Promise<{ ssoUrl: string; close(): Promise<void> }>;
}

async function keyPair(): Promise<{ key: string; cert: string }> {
  // The SP side's generator serves the IdP too: a self-signed RSA certificate.
  await import("reflect-metadata");
  const { webcrypto } = await import("node:crypto");
  const x509 = await import("@peculiar/x509");
  const alg = {
    name: "RSASSA-PKCS1-v1_5",
    hash: "SHA-256",
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomBytes(8).toString("hex"),
      name: "CN=Test SAML IdP",
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      keys,
      signingAlgorithm: alg,
    },
    webcrypto as unknown as Crypto,
  );
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  const key = `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g)?.join("\n")}\n-----END PRIVATE KEY-----\n`;
  return { key, cert: cert.toString("pem") };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const id = () => `_${randomBytes(16).toString("hex")}`;

export async function createSamlIdp(opts: { entityId?: string; ssoUrl?: string } = {}): Promise<SamlTestIdp> {
  const { key, cert } = await keyPair();
  const entityId = opts.entityId ?? `https://idp-${randomBytes(3).toString("hex")}.example.test/saml`;
  let ssoUrl = opts.ssoUrl ?? `${entityId}/sso`;
  const people = new Map<string, SamlPerson>();
  const build = () =>
    samlify.IdentityProvider({
      entityID: entityId,
      signingCert: cert,
      privateKey: key,
      wantAuthnRequestsSigned: true,
      singleSignOnService: [{ Binding: REDIRECT, Location: ssoUrl }],
      nameIDFormat: [EMAIL_FORMAT, PERSISTENT_FORMAT],
    });
  let idp = build();

  const respond = async (
    spMetadataXml: string,
    nameId: string,
    inResponseTo: string | null,
    relayState: string | null,
    overrides: Overrides = {},
  ): Promise<SamlPost> => {
    const sp = samlify.ServiceProvider({ metadata: spMetadataXml });
    const acs = sp.entityMeta.getAssertionConsumerService(samlify.Constants.wording.binding.post) as string;
    const person = people.get(nameId) ?? {};
    const now = new Date();
    const later = new Date(now.getTime() + 5 * 60_000).toISOString();
    const attrs = Object.entries(person.attributes ?? {})
      .map(
        ([name, v]) =>
          `<saml:Attribute Name="${esc(name)}">${(Array.isArray(v) ? v : [v])
            .map((x) => `<saml:AttributeValue xsi:type="xs:string">${esc(x)}</saml:AttributeValue>`)
            .join("")}</saml:Attribute>`,
      )
      .join("");
    const values: Record<string, string> = {
      ID: id(),
      AssertionID: id(),
      Destination: acs,
      Audience: sp.entityMeta.getEntityID(),
      SubjectRecipient: acs,
      Issuer: entityId,
      IssueInstant: now.toISOString(),
      StatusCode: "urn:oasis:names:tc:SAML:2.0:status:Success",
      ConditionsNotBefore: now.toISOString(),
      ConditionsNotOnOrAfter: later,
      SubjectConfirmationDataNotOnOrAfter: later,
      NameIDFormat: person.nameIdFormat ?? EMAIL_FORMAT,
      NameID: esc(nameId),
      InResponseTo: inResponseTo ?? "",
      AuthnStatement: `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${id()}"><saml:AuthnContext><saml:AuthnContextClassRef>${esc(person.authnContext ?? "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
      AttributeStatement: attrs ? `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` : "",
      ...overrides,
    };
    const out = await idp.createLoginResponse(
      sp,
      { extract: { request: { id: inResponseTo ?? "" } } } as never,
      "post",
      { email: nameId },
      {
        relayState: relayState ?? undefined,
        customTagReplacement: (template: string) => {
          let t = template;
          if (!values.InResponseTo) t = t.replace(/ InResponseTo="\{InResponseTo\}"/g, "");
          // Our own fill: samlify's escapes every value, and these carry XML (the statements), escaped above.
          return { id: values.ID, context: t.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? "") };
        },
      },
    );
    return { acs, SAMLResponse: out.context, RelayState: relayState };
  };

  const answer = async (redirectUrl: string, spMetadataXml: string, nameId: string, overrides?: Overrides) => {
    const url = new URL(redirectUrl);
    // The signature covers the query exactly as sent: SAMLRequest, RelayState, SigAlg, in that order.
    const raw = url.search
      .slice(1)
      .split("&")
      .filter((p) => /^(SAMLRequest|RelayState|SigAlg)=/.test(p))
      .join("&");
    const sp = samlify.ServiceProvider({ metadata: spMetadataXml });
    const parsed = await idp.parseLoginRequest(sp, "redirect", {
      query: Object.fromEntries(url.searchParams),
      octetString: raw,
    });
    return respond(
      spMetadataXml,
      nameId,
      parsed.extract.request?.id as string,
      url.searchParams.get("RelayState"),
      overrides,
    );
  };

  const self: SamlTestIdp = {
    entityId,
    get ssoUrl() {
      return ssoUrl;
    },
    certificate: cert,
    get metadataXml() {
      return idp.getMetadata();
    },
    people,
    answer,
    unsolicited: (spMetadataXml, nameId, relayState) => respond(spMetadataXml, nameId, null, relayState ?? null),
    async serve() {
      const spMetadata = async (redirectUrl: string) => {
        const request = inflateRawSync(
          Buffer.from(new URL(redirectUrl).searchParams.get("SAMLRequest") ?? "", "base64"),
        );
        const issuer = request.toString().match(/<saml:Issuer[^>]*>([^<]+)<\/saml:Issuer>/)?.[1] ?? "";
        return (await fetch(issuer)).text();
      };
      const pending = new Map<string, string>();
      const server: Server = createServer(async (req, res) => {
        try {
          const url = new URL(req.url ?? "/", ssoUrl);
          if (req.method === "GET" && url.pathname === "/sso") {
            const ticket = randomBytes(8).toString("hex");
            pending.set(ticket, url.toString());
            res.setHeader("content-type", "text/html");
            res.end(
              `<!doctype html><title>Test SAML IdP</title><form method="post" action="/login"><input type="hidden" name="ticket" value="${ticket}"><label>Login <input name="login"></label><button>Sign in at the IdP</button></form>`,
            );
            return;
          }
          if (req.method === "POST" && url.pathname === "/login") {
            const chunks: Buffer[] = [];
            for await (const c of req) chunks.push(c as Buffer);
            const form = new URLSearchParams(Buffer.concat(chunks).toString());
            const from = pending.get(form.get("ticket") ?? "");
            if (!from) throw new Error("unknown ticket");
            const post = await answer(from, await spMetadata(from), form.get("login") ?? "");
            res.setHeader("content-type", "text/html");
            res.end(
              `<!doctype html><title>Signing in…</title><form id="f" method="post" action="${esc(post.acs)}"><input type="hidden" name="SAMLResponse" value="${esc(post.SAMLResponse)}">${post.RelayState ? `<input type="hidden" name="RelayState" value="${esc(post.RelayState)}">` : ""}<noscript><button>Continue</button></noscript></form><script>document.getElementById("f").submit()</script>`,
            );
            return;
          }
          res.statusCode = 404;
          res.end();
        } catch (e) {
          res.statusCode = 400;
          res.end(String(e));
        }
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      ssoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sso`;
      idp = build();
      return {
        ssoUrl,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },
  };
  return self;
}

/** The certificate as base64 without PEM armour (how metadata documents carry it). */
export const bareCertificate = (pem: string) => new X509Certificate(pem).raw.toString("base64");

/** A posted response, decoded to its XML (to forge it further). */
export const decodeResponse = (post: SamlPost) => Buffer.from(post.SAMLResponse, "base64").toString("utf8");
export const encodeResponse = (xml: string) => Buffer.from(xml, "utf8").toString("base64");
