import { z } from "zod";
import type { ConnectionView } from "../../domain/sso/connections";

// The JSON of /api/v1/sso/* and /api/v1/login/discover (the OpenAPI document publishes it).

const mappingSchema = z
  .object({
    email: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    displayName: z.string().optional(),
    title: z.string().optional(),
    department: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional().describe("Custom attribute name → claim name"),
  })
  .describe(
    "Claim names read for each profile field (defaults: email, given_name, family_name, name, title, department)",
  );

export const connectionSchema = z.object({
  id: z.number().int(),
  type: z.enum(["oidc", "saml"]),
  name: z.string(),
  state: z.enum(["draft", "active", "inactive"]).describe("draft: test sign-ins only; active: people sign in"),
  issuer: z.string().nullable(),
  clientId: z.string().nullable(),
  clientSecretSet: z.boolean().describe("Whether a client secret is stored (it is never answered back)"),
  scopes: z.array(z.string()),
  redirectUri: z
    .string()
    .nullable()
    .describe("OIDC: enter this at the identity provider as the redirect (callback) URI"),
  entityId: z
    .string()
    .nullable()
    .describe("SAML: this connection's entity id (audience); its metadata is served there"),
  acsUrl: z.string().nullable().describe("SAML: the assertion consumer service URL (HTTP-POST binding)"),
  metadataUrl: z.string().nullable().describe("SAML: where the IdP can read this connection's SP metadata"),
  idpEntityId: z.string().nullable().describe("SAML: the IdP's entity id (the assertions' issuer)"),
  idpSsoUrl: z.string().nullable().describe("SAML: the IdP's sign-in URL (HTTP-Redirect binding)"),
  idpCertificates: z
    .array(z.object({ subject: z.string(), notAfter: z.string(), sha256: z.string() }))
    .describe("SAML: the IdP's signing certificates (an assertion signed by any of them is accepted)"),
  allowIdpInitiated: z
    .boolean()
    .describe("SAML: whether a sign-in begun at the IdP is accepted (the person confirms on an interstitial)"),
  signInUrl: z.string().describe("Where a browser begins a sign-in through this connection"),
  mapping: mappingSchema,
  updateProfile: z.boolean().describe("Whether each sign-in updates the member profile from the IdP"),
  trustIdpMfa: z.boolean().describe("Whether the IdP's multi-factor sign-in (amr/acr) counts as two factors here"),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const connectionListSchema = z.object({ connections: z.array(connectionSchema) });

const common = {
  name: z.string(),
  state: z.enum(["draft", "active", "inactive"]).optional(),
  mapping: mappingSchema.optional(),
  updateProfile: z.boolean().optional(),
  trustIdpMfa: z.boolean().optional(),
};

const oidcWritable = {
  ...common,
  issuer: z.string().describe("https URL; discovery at <issuer>/.well-known/openid-configuration"),
  clientId: z.string(),
  clientSecret: z.string().describe("Sealed at rest, never answered back"),
  scopes: z.array(z.string()).optional().describe("openid, email and profile are always asked"),
};

const samlWritable = {
  ...common,
  metadataXml: z
    .string()
    .optional()
    .describe("The IdP's SAML metadata document: entity id, sign-in URL and signing certificates are read from it"),
  idpEntityId: z.string().optional().describe("Without metadataXml: the IdP's entity id"),
  idpSsoUrl: z.string().optional().describe("Without metadataXml: the IdP's sign-in URL (HTTP-Redirect binding)"),
  idpCertificates: z
    .array(z.string())
    .optional()
    .describe("Without metadataXml: the IdP's signing certificates, PEM or base64 (1 to 5: rotation)"),
  allowIdpInitiated: z.boolean().optional().describe("Accept sign-ins begun at the IdP (off unless told)"),
};

export const connectionBodySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("oidc").describe("OpenID Connect"), ...oidcWritable }),
  z.object({ type: z.literal("saml").describe("SAML 2.0"), ...samlWritable }),
]);

export const connectionPatchSchema = z
  .object({ ...oidcWritable, ...samlWritable })
  .partial()
  .describe("Any field of the connection's own type");

export const testStartSchema = z.object({
  url: z.string().describe("Open this in the browser signed in to the console: it signs in at the IdP, no session"),
});

export const testResultSchema = z.object({
  status: z.enum(["pending", "complete", "failed"]),
  claims: z.record(z.string(), z.unknown()).optional().describe("What the IdP sent (id token and user info)"),
  profile: z.record(z.string(), z.unknown()).optional().describe("The member profile they map to"),
  emailVerified: z.boolean().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const discoverBodySchema = z.object({ email: z.string() });

export const discoverAnswerSchema = z.object({
  method: z.enum(["sso", "password"]),
  url: z.string().optional().describe("Where to send the browser (method sso)"),
});

export const toConnection = (c: ConnectionView) => ({
  ...c,
  version: undefined,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});
