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
  redirectUri: z.string().describe("Enter this at the identity provider as the redirect (callback) URI"),
  signInUrl: z.string().describe("Where a browser begins a sign-in through this connection"),
  mapping: mappingSchema,
  updateProfile: z.boolean().describe("Whether each sign-in updates the member profile from the IdP"),
  trustIdpMfa: z.boolean().describe("Whether the IdP's multi-factor sign-in (amr/acr) counts as two factors here"),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const connectionListSchema = z.object({ connections: z.array(connectionSchema) });

const writable = {
  name: z.string(),
  issuer: z.string().describe("https URL; discovery at <issuer>/.well-known/openid-configuration"),
  clientId: z.string(),
  clientSecret: z.string().describe("Sealed at rest, never answered back"),
  scopes: z.array(z.string()).optional().describe("openid, email and profile are always asked"),
  state: z.enum(["draft", "active", "inactive"]).optional(),
  mapping: mappingSchema.optional(),
  updateProfile: z.boolean().optional(),
  trustIdpMfa: z.boolean().optional(),
};

export const connectionBodySchema = z.object({
  type: z.literal("oidc").describe("OpenID Connect (SAML is not available yet)"),
  ...writable,
});

export const connectionPatchSchema = z.object(writable).partial();

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
