import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { encryptSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { appUrl } from "../../platform/mail/mailer";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { assertCan } from "../permissions";
import { inMemberTransaction, type Tx } from "../tx";
import { attributeNameProblem } from "../users/profile";
import { acsUrl, callbackUrl, spEntityId, startPath } from "./endpoints";
import { issuerAllowed } from "./outbound";
import { type CertificateView, describeCertificate, newSpKeyPair, normalizeCertificate, spMetadata } from "./saml";
import { parseIdpMetadata } from "./saml-metadata";
import type { ConnectionRow } from "./types";

// An account's identity-provider connections (SPEC §7). The client secret is
// sealed at rest and never answered back; each connection's answer names what
// the IdP's administrator must enter (the redirect URI).

export const PROFILE_FIELDS = ["email", "firstName", "lastName", "displayName", "title", "department"] as const;

/** Claim names read for each profile field unless the connection maps others. */
export const DEFAULT_MAPPING: Record<(typeof PROFILE_FIELDS)[number], string> = {
  email: "email",
  firstName: "given_name",
  lastName: "family_name",
  displayName: "name",
  title: "title",
  department: "department",
};

const claimName = z.string().trim().min(1).max(200);
const mappingSchema = z
  .object({
    ...Object.fromEntries(PROFILE_FIELDS.map((f) => [f, claimName.optional()])),
    /** Custom attribute name → claim name. */
    attributes: z
      .record(z.string().trim().min(1).max(100), claimName)
      .superRefine((v, ctx) => {
        for (const name of Object.keys(v)) {
          const problem = attributeNameProblem(name);
          if (problem) ctx.addIssue({ code: "custom", path: [name], message: problem });
        }
      })
      .optional(),
  })
  .strict();

export type Mapping = Partial<Record<(typeof PROFILE_FIELDS)[number], string>> & {
  attributes?: Record<string, string>;
};

const issuerSchema = z
  .string()
  .trim()
  .max(500)
  .refine((s) => URL.canParse(s), "must be a URL")
  .transform((s) => s.replace(/\/$/, ""))
  // Each check stands alone (zod runs them all): only a parsable URL is looked into.
  .refine((s) => !URL.canParse(s) || issuerAllowed(new URL(s)), "must be an https URL")
  .refine((s) => !URL.canParse(s) || (!new URL(s).search && !new URL(s).hash), "must have no query or fragment");

const scopesSchema = z
  .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/, "is not a scope token"))
  .max(20)
  .transform((s) => [...new Set(["openid", "email", "profile", ...s])]);

const STATES = ["draft", "active", "inactive"] as const;

/** What every connection has. */
const common = {
  name: z.string().trim().min(1).max(100),
  state: z.enum(STATES).optional(),
  mapping: mappingSchema.optional(),
  updateProfile: z.boolean().optional(),
  trustIdpMfa: z.boolean().optional(),
};

/** What an admin sets on an OIDC connection: all of it on creation, any of it in a PATCH. */
const oidcFields = z.object({
  ...common,
  issuer: issuerSchema,
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().min(1).max(2000),
  scopes: scopesSchema.optional(),
});

const certificateSchema = z
  .string()
  .max(20_000)
  .transform((s, ctx) => {
    const pem = normalizeCertificate(s);
    if (!pem) ctx.addIssue({ code: "custom", message: "is not an X.509 certificate (PEM or base64)" });
    return pem ?? "";
  });

/** A SAML connection: the IdP's metadata document, or its entity id, sign-in URL and certificates. */
const samlFields = z.object({
  ...common,
  metadataXml: z.string().min(1).max(500_000).optional(),
  idpEntityId: z.string().trim().min(1).max(500).optional(),
  idpSsoUrl: z
    .string()
    .trim()
    .max(2000)
    .refine((s) => URL.canParse(s) && issuerAllowed(new URL(s)), "must be an https URL")
    .optional(),
  idpCertificates: z.array(certificateSchema).min(1).max(5).optional(),
  allowIdpInitiated: z.boolean().optional(),
});

const createSchema = z.discriminatedUnion(
  "type",
  [oidcFields.extend({ type: z.literal("oidc") }).strict(), samlFields.extend({ type: z.literal("saml") }).strict()],
  { error: 'must be "oidc" or "saml"' },
);

const oidcUpdate = oidcFields.partial().strict();
const samlUpdate = samlFields.partial().strict();

type SamlInput = z.infer<typeof samlFields>;
type UpdateInput = Partial<z.infer<typeof oidcFields>> & Partial<Omit<SamlInput, "metadataXml">>;

const samlUpdateInput = (raw: unknown): UpdateInput => {
  const { metadataXml: _, ...parsed } = parseInput(samlUpdate, raw);
  return { ...parsed, ...samlSettings(parseInput(samlUpdate, raw)) };
};

/** The IdP's SAML settings: the metadata document's, each overridden by a field given beside it. */
function samlSettings(input: Partial<SamlInput>): {
  idpEntityId?: string;
  idpSsoUrl?: string;
  idpCertificates?: string[];
} {
  const out = { idpEntityId: input.idpEntityId, idpSsoUrl: input.idpSsoUrl, idpCertificates: input.idpCertificates };
  if (input.metadataXml === undefined) return out;
  const meta = parseIdpMetadata(input.metadataXml);
  if ("problem" in meta)
    throw new DomainError("invalid_input", `The IdP metadata ${meta.problem}`, [
      { field: "metadataXml", message: meta.problem },
    ]);
  if (!issuerAllowed(new URL(meta.ssoUrl)))
    throw new DomainError("invalid_input", "The IdP metadata's sign-in URL must be https", [
      { field: "metadataXml", message: "names a sign-in URL that is not https" },
    ]);
  return {
    idpEntityId: out.idpEntityId ?? meta.entityId,
    idpSsoUrl: out.idpSsoUrl ?? meta.ssoUrl,
    idpCertificates: out.idpCertificates ?? meta.certificates,
  };
}

export interface ConnectionView {
  id: number;
  type: "oidc" | "saml";
  name: string;
  state: (typeof STATES)[number];
  issuer: string | null;
  clientId: string | null;
  /** Whether a client secret is stored (it is never answered back). */
  clientSecretSet: boolean;
  scopes: string[];
  /** OIDC: what the IdP's administrator enters as the redirect (callback) URI. */
  redirectUri: string | null;
  /** SAML: what the IdP's administrator enters (or reads from the metadata URL). */
  entityId: string | null;
  acsUrl: string | null;
  metadataUrl: string | null;
  idpEntityId: string | null;
  idpSsoUrl: string | null;
  idpCertificates: CertificateView[];
  allowIdpInitiated: boolean;
  /** Where a person's browser begins a sign-in through this connection. */
  signInUrl: string;
  mapping: Mapping;
  updateProfile: boolean;
  trustIdpMfa: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const toView = (r: ConnectionRow): ConnectionView => ({
  id: r.id,
  type: r.type === "OIDC" ? "oidc" : "saml",
  name: r.name,
  state: r.state.toLowerCase() as ConnectionView["state"],
  issuer: r.issuer,
  clientId: r.clientId,
  clientSecretSet: Boolean(r.clientSecret),
  scopes: r.scopes,
  redirectUri: r.type === "OIDC" ? callbackUrl(r.id) : null,
  entityId: r.type === "SAML" ? spEntityId(r.id) : null,
  acsUrl: r.type === "SAML" ? acsUrl(r.id) : null,
  metadataUrl: r.type === "SAML" ? spEntityId(r.id) : null,
  idpEntityId: r.idpEntityId,
  idpSsoUrl: r.idpSsoUrl,
  idpCertificates: r.idpCertificates.map(describeCertificate),
  allowIdpInitiated: r.allowIdpInitiated,
  signInUrl: `${appUrl()}${startPath(r.id)}`,
  mapping: r.mapping as Mapping,
  updateProfile: r.updateProfile,
  trustIdpMfa: r.trustIdpMfa,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  version: r.version,
});

const audited = (r: ConnectionRow) => ({
  name: r.name,
  type: r.type,
  state: r.state,
  issuer: r.issuer,
  clientId: r.clientId,
  scopes: r.scopes,
  idpEntityId: r.idpEntityId,
  idpSsoUrl: r.idpSsoUrl,
  idpCertificates: r.idpCertificates.map((c) => describeCertificate(c).sha256),
  allowIdpInitiated: r.allowIdpInitiated,
  mapping: r.mapping,
  updateProfile: r.updateProfile,
  trustIdpMfa: r.trustIdpMfa,
});

async function load(tx: Tx, accountId: number, rawId: unknown): Promise<ConnectionRow> {
  const id = parseInput(idSchema, rawId);
  const row = await tx.ssoConnection.findFirst({ where: { id, accountId } });
  if (!row) throw new DomainError("not_found", `This account has no SSO connection ${id}`);
  return row;
}

export async function listConnections(actor: Actor): Promise<ConnectionView[]> {
  const member = requireMember(actor);
  assertCan(member.role, "account.sso");
  const db = await getDb();
  const rows = await db.ssoConnection.findMany({ where: { accountId: member.accountId }, orderBy: { id: "asc" } });
  return rows.map(toView);
}

export async function getConnection(actor: Actor, rawId: unknown): Promise<ConnectionView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.sso");
  return toView(await load(await getDb(), member.accountId, rawId));
}

export async function addConnection(actor: Actor, raw: unknown): Promise<ConnectionView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.sso");
  const input = parseInput(createSchema, raw);
  const common = {
    accountId: member.accountId,
    name: input.name,
    state: (input.state ?? "draft").toUpperCase() as ConnectionRow["state"],
    mapping: input.mapping ?? {},
    updateProfile: input.updateProfile ?? true,
    trustIdpMfa: input.trustIdpMfa ?? false,
  };
  let data: Parameters<Tx["ssoConnection"]["create"]>[0]["data"];
  if (input.type === "oidc") {
    data = {
      ...common,
      type: "OIDC",
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecret: encryptSecret(input.clientSecret),
      scopes: input.scopes ?? ["openid", "email", "profile"],
    };
  } else {
    const idp = samlSettings(input);
    const missing = (["idpEntityId", "idpSsoUrl", "idpCertificates"] as const).filter((f) => !idp[f]);
    if (missing.length)
      throw new DomainError(
        "invalid_input",
        "A SAML connection needs the IdP's metadataXml, or its idpEntityId, idpSsoUrl and idpCertificates",
        missing.map((field) => ({ field, message: "is required (or give metadataXml)" })),
      );
    const sp = await newSpKeyPair(input.name);
    data = {
      ...common,
      type: "SAML",
      idpEntityId: idp.idpEntityId,
      idpSsoUrl: idp.idpSsoUrl,
      idpCertificates: idp.idpCertificates,
      allowIdpInitiated: input.allowIdpInitiated ?? false,
      spPrivateKey: encryptSecret(sp.privateKeyPem),
      spCertificate: sp.certificatePem,
    };
  }
  return inMemberTransaction(member, async (tx) => {
    const row = await tx.ssoConnection.create({ data });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "sso.connection_add",
      targetType: "account",
      targetId: member.accountId,
      after: { id: row.id, ...audited(row) },
    });
    return toView(row);
  });
}

/** Refuses to leave an account that requires SSO without an active connection (everyone but break-glass locked out). */
async function assertRequirementKept(tx: Tx, accountId: number, leaving: number): Promise<void> {
  const account = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { ssoPolicy: true } });
  if (account.ssoPolicy !== "REQUIRED") return;
  const others = await tx.ssoConnection.count({ where: { accountId, state: "ACTIVE", id: { not: leaving } } });
  if (others === 0) {
    throw new DomainError(
      "invalid_transition",
      "This account requires SSO and this is its only active connection: make SSO optional first",
      [{ field: "state", message: "is the last active connection of an account that requires SSO" }],
    );
  }
}

export async function updateConnection(
  actor: Actor,
  rawId: unknown,
  raw: unknown,
  options: { expectedVersion?: number } = {},
): Promise<ConnectionView> {
  const member = requireMember(actor);
  assertCan(member.role, "account.sso");
  return inMemberTransaction(member, async (tx) => {
    const row = await load(tx, member.accountId, rawId);
    const input: UpdateInput = row.type === "OIDC" ? parseInput(oidcUpdate, raw) : samlUpdateInput(raw);
    if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
      throw new DomainError(
        "precondition_failed",
        "The connection changed since you read it (If-Match does not match)",
      );
    }
    const state = input.state ? (input.state.toUpperCase() as ConnectionRow["state"]) : row.state;
    if (row.state === "ACTIVE" && state !== "ACTIVE") await assertRequirementKept(tx, member.accountId, row.id);
    const issuerChanged =
      (input.issuer !== undefined && input.issuer !== row.issuer) ||
      (input.idpEntityId !== undefined && input.idpEntityId !== row.idpEntityId);
    const updated = await tx.ssoConnection.update({
      where: { id: row.id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.issuer !== undefined ? { issuer: input.issuer } : {}),
        ...(input.clientId !== undefined ? { clientId: input.clientId } : {}),
        ...(input.clientSecret !== undefined ? { clientSecret: encryptSecret(input.clientSecret) } : {}),
        ...(input.scopes !== undefined ? { scopes: input.scopes } : {}),
        ...(input.mapping !== undefined ? { mapping: input.mapping } : {}),
        ...(input.updateProfile !== undefined ? { updateProfile: input.updateProfile } : {}),
        ...(input.trustIdpMfa !== undefined ? { trustIdpMfa: input.trustIdpMfa } : {}),
        ...(input.idpEntityId !== undefined ? { idpEntityId: input.idpEntityId } : {}),
        ...(input.idpSsoUrl !== undefined ? { idpSsoUrl: input.idpSsoUrl } : {}),
        ...(input.idpCertificates !== undefined ? { idpCertificates: input.idpCertificates } : {}),
        ...(input.allowIdpInitiated !== undefined ? { allowIdpInitiated: input.allowIdpInitiated } : {}),
        state,
        version: { increment: 1 },
      },
    });
    // Subjects are an issuer's own names: another issuer's "42" is someone else.
    if (issuerChanged) await tx.ssoIdentity.deleteMany({ where: { connectionId: row.id } });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "sso.connection_update",
      targetType: "account",
      targetId: member.accountId,
      before: { id: row.id, ...audited(row) },
      after: {
        id: row.id,
        ...audited(updated),
        ...(input.clientSecret !== undefined ? { clientSecret: "replaced" } : {}),
        ...(issuerChanged ? { identitiesUnlinked: true } : {}),
      },
    });
    return toView(updated);
  });
}

export async function deleteConnection(actor: Actor, rawId: unknown): Promise<void> {
  const member = requireMember(actor);
  assertCan(member.role, "account.sso");
  await inMemberTransaction(member, async (tx) => {
    const row = await load(tx, member.accountId, rawId);
    if (row.state === "ACTIVE") await assertRequirementKept(tx, member.accountId, row.id);
    await tx.ssoConnection.delete({ where: { id: row.id } });
    // Sessions that came through it end with it.
    await tx.session.updateMany({
      where: { connectionId: row.id, endedAt: null },
      data: { endedAt: new Date(), endedBy: "sso_connection_deleted" },
    });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "sso.connection_delete",
      targetType: "account",
      targetId: member.accountId,
      before: { id: row.id, ...audited(row) },
    });
  });
}

/** The connection a person signs in to this account through (its first active one), for the console's SSO gate. */
export async function activeConnectionOf(accountId: number): Promise<{ id: number; name: string } | null> {
  const db = await getDb();
  return db.ssoConnection.findFirst({
    where: { accountId, state: "ACTIVE" },
    orderBy: { id: "asc" },
    select: { id: true, name: true },
  });
}

/** The active connection of its account this console session came through, if any. */
export async function sessionConnection(actor: Actor): Promise<{ id: number; name: string } | null> {
  const member = requireMember(actor);
  if (!member.session) return null;
  const db = await getDb();
  const s = await db.session.findUnique({ where: { id: member.session.sid }, select: { connectionId: true } });
  if (!s?.connectionId) return null;
  return db.ssoConnection.findFirst({
    where: { id: s.connectionId, accountId: member.accountId, state: "ACTIVE" },
    select: { id: true, name: true },
  });
}

/** Whether this console session came through one of its account's active connections (it may then require SSO). */
export async function cameThroughSso(actor: Actor): Promise<boolean> {
  return (await sessionConnection(actor)) !== null;
}

const notSaml = (id: number) => new DomainError("not_found", `There is no SAML connection ${id}`);

/** A SAML connection's SP metadata, for an admin of its account. */
export async function connectionSpMetadata(actor: Actor, rawId: unknown): Promise<{ id: number; xml: string }> {
  const member = requireMember(actor);
  assertCan(member.role, "account.sso");
  const row = await load(await getDb(), member.accountId, rawId);
  if (row.type !== "SAML") throw notSaml(row.id);
  return { id: row.id, xml: spMetadata(row) };
}

/** The metadata at a SAML connection's entity id: public (it holds the SP's public certificate and URLs only). */
export async function publicSpMetadata(rawId: unknown): Promise<string> {
  const id = parseInput(idSchema, rawId);
  const row = await (await getDb()).ssoConnection.findUnique({ where: { id } });
  if (row?.type !== "SAML") throw notSaml(id);
  return spMetadata(row);
}
