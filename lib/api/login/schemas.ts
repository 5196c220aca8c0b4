import { z } from "zod";

// The JSON of /api/v1/login/* and /api/v1/account/security, as the OpenAPI document publishes it.

export const signInBodySchema = z.object({ email: z.string().describe("The login email"), password: z.string() });

export const signInAnswerSchema = z.object({
  status: z.enum(["complete", "needs_second_factor"]),
  level: z.number().int().optional().describe("1 = one factor, 2 = two (when complete)"),
  factors: z
    .array(z.enum(["totp", "webauthn", "recovery_code"]))
    .optional()
    .describe("What the second step accepts (when needs_second_factor; a pending cookie came with it)"),
});

export const secondFactorBodySchema = z.object({
  code: z.string().optional().describe("The 6-digit code from the authenticator app"),
  recoveryCode: z.string().optional().describe("One of the ten recovery codes (each works once)"),
});

export const factorSchema = z.object({
  id: z.number().int(),
  type: z.enum(["totp", "webauthn"]),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export const factorsAnswerSchema = z.object({ factors: z.array(factorSchema), recoveryCodesLeft: z.number().int() });

export const totpStartBodySchema = z.object({ name: z.string().optional() });

export const totpStartAnswerSchema = z.object({
  id: z.number().int(),
  secret: z.string().describe("Base32; shown once"),
  uri: z.string().describe("otpauth:// URI for a QR code"),
});

export const totpVerifyBodySchema = z.object({ code: z.string() });

export const totpVerifyAnswerSchema = z.object({
  id: z.number().int(),
  recoveryCodes: z.array(z.string()).nullable().describe("Ten codes, shown once, on the first factor only"),
});

export const recoveryCodesAnswerSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const reverifyBodySchema = z.object({
  password: z.string().optional().describe("For a person with no second factor"),
  code: z.string().optional(),
  recoveryCode: z.string().optional(),
});

export const reverifyAnswerSchema = z.object({ verified: z.literal(true) });

export const sessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  ip: z.string().nullable(),
  methods: z.array(z.string()),
  level: z.number().int(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
});

export const sessionsAnswerSchema = z.object({ sessions: z.array(sessionSchema) });

export const endedSessionsSchema = z.object({ ended: z.number().int() });

export const securityPolicySchema = z.object({
  mfa: z.enum(["off", "admins", "everyone"]).describe("Who must sign in with a second factor"),
  sso: z
    .enum(["optional", "required"])
    .describe(
      "Whether sessions must come through this account's identity provider (break-glass: SUPERs with two factors)",
    ),
});

export const securityPolicyPatchSchema = securityPolicySchema.partial();

/** A WebAuthn answer as @simplewebauthn/browser (or the browser's toJSON) gives it. */
const webauthnJson = z.looseObject({ id: z.string(), type: z.literal("public-key") });

export const passkeyStartBodySchema = z.object({ name: z.string().optional() });

export const passkeyStartAnswerSchema = z.object({
  id: z.number().int(),
  options: z.looseObject({}).describe("PublicKeyCredentialCreationOptionsJSON for navigator.credentials.create"),
});

export const passkeyVerifyBodySchema = z.object({ response: webauthnJson });

export const passkeyOptionsAnswerSchema = z.object({
  options: z.looseObject({}).describe("PublicKeyCredentialRequestOptionsJSON for navigator.credentials.get"),
});

export const passkeySignInBodySchema = z.object({ response: webauthnJson });
