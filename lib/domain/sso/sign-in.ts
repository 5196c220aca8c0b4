import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { Prisma } from "../../generated/prisma/client";
import type { MemberActor, Origin } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { emailSchema, idSchema, parseInput } from "../../platform/validation";
import { assertCan } from "../permissions";
import { type MintedSession, mintSession } from "../sign-in/sessions";
import { inAccountTransaction } from "../tx";
import { resolveSsoPerson } from "./link";
import { idpSaysMfa, type MappedProfile, mapClaims } from "./mapping";
import { oidcAuthorizationUrl, oidcClaims } from "./oidc";
import { rememberAssertion, samlAnswer, samlAuthorizeUrl } from "./saml";
import type { Claims, ConnectionRow } from "./types";

// A sign-in through an identity provider: begun from one browser (its id is
// the OIDC state, bound to a random value in that browser's cookie), finished
// once, within ten minutes. A test sign-in creates no session: it keeps what
// the IdP sent and the profile it maps to for the admin who started it.

export const SSO_REQUEST_TTL_MS = 10 * 60_000;

const hash = (binding: string) => createHash("sha256").update(binding).digest("base64url");

const noConnection = (id: number) => new DomainError("not_found", `There is no active SSO connection ${id}`);
const failed = (message: string) => new DomainError("sso_failed", message);

async function pruneRequests(): Promise<void> {
  const db = await getDb();
  await db.ssoRequest.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 3_600_000) } } });
}

/** Where to send the browser to sign in (or, for an admin, to test the connection). */
export async function beginSsoSignIn(input: {
  connectionId: unknown;
  binding: string;
  /** The person already signed in in this browser, if any: a first sign-in may link to them. */
  signedInUserId: number | null;
  /** A test sign-in: the admin who starts it. */
  tester?: MemberActor;
  /** The email typed on the sign-in page, passed on for the IdP to fill in (ignored unless an email). */
  loginHint?: string | null;
  /** Sign in again to confirm it is them: the IdP must ask afresh (OIDC prompt=login, SAML ForceAuthn). */
  reauth?: boolean;
  /** A same-origin path to land on afterwards (the caller checks it is one). */
  returnTo?: string | null;
}): Promise<{ url: string }> {
  const id = parseInput(idSchema, input.connectionId);
  const db = await getDb();
  const conn = await db.ssoConnection.findUnique({ where: { id } });
  if (input.tester) {
    const member = requireMember(input.tester);
    assertCan(member.role, "account.sso");
    if (!conn || conn.accountId !== member.accountId)
      throw new DomainError("not_found", `This account has no SSO connection ${id}`);
  } else if (conn?.state !== "ACTIVE") throw noConnection(id);
  const hint = emailSchema.safeParse(input.loginHint ?? undefined);
  let start: { url: string; state: string; nonce: string; codeVerifier?: string };
  if (conn.type === "SAML") {
    // The RelayState names this request; the AuthnRequest's id is what the answer must be InResponseTo.
    const state = randomBytes(24).toString("base64url");
    const saml = await samlAuthorizeUrl(conn, state, { forceAuthn: input.reauth === true });
    start = { url: saml.url, state, nonce: saml.requestId };
  } else
    start = await oidcAuthorizationUrl(conn, {
      loginHint: hint.success ? hint.data : undefined,
      prompt: input.reauth ? "login" : undefined,
    });
  await pruneRequests();
  await db.ssoRequest.create({
    data: {
      id: start.state,
      connectionId: conn.id,
      purpose: input.tester ? "test" : "sign_in",
      browserHash: hash(input.binding),
      nonce: start.nonce,
      codeVerifier: start.codeVerifier ?? null,
      userId: input.tester ? input.tester.userId : input.signedInUserId,
      returnTo: input.tester ? null : (input.returnTo ?? null),
      expiresAt: new Date(Date.now() + SSO_REQUEST_TTL_MS),
    },
  });
  return { url: start.url };
}

export type SsoOutcome =
  | { kind: "signed_in"; minted: MintedSession; accountId: number; joined: boolean; returnTo?: string | null }
  | { kind: "tested"; connectionId: number; testId: string };

const emailVerified = (claims: Claims) => claims.email_verified === true || claims.email_verified === "true";

/** Finishes a sign-in the IdP sent the browser back from (its callback URL, this browser's cookie). */
export async function finishSsoSignIn(input: {
  connectionId: unknown;
  callback: URL;
  binding: string | undefined;
  origin: Origin;
}): Promise<SsoOutcome> {
  const id = parseInput(idSchema, input.connectionId);
  const state = input.callback.searchParams.get("state");
  if (!state || !input.binding) throw failed("This sign-in was not begun in this browser: start again");
  const db = await getDb();
  const request = await db.ssoRequest.findFirst({ where: { id: state, connectionId: id } });
  if (!request || request.browserHash !== hash(input.binding))
    throw failed("This sign-in was not begun in this browser: start again");
  // Once only, before anything else: a replayed answer finds it spent.
  const spent = await db.ssoRequest.updateMany({
    where: { id: state, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (spent.count === 0) throw failed("This sign-in was already used or has expired: start again");
  const conn = await db.ssoConnection.findUnique({ where: { id } });
  if (!conn) throw noConnection(id);
  const test = request.purpose === "test";
  try {
    const idpError = input.callback.searchParams.get("error");
    if (idpError) {
      const why = input.callback.searchParams.get("error_description");
      throw failed(`The identity provider refused the sign-in: ${idpError}${why ? ` (${why.slice(0, 300)})` : ""}`);
    }
    if (!test && conn.state !== "ACTIVE") throw noConnection(id);
    const claims =
      conn.type === "SAML"
        ? samlClaimsOf(request.result)
        : await oidcClaims(conn, input.callback, {
            state,
            nonce: request.nonce ?? "",
            codeVerifier: request.codeVerifier ?? "",
          });
    const profile = mapClaims(claims, conn.mapping as Parameters<typeof mapClaims>[1]);
    if (test) {
      await saveTest(state, { status: "complete", claims, profile, emailVerified: emailVerified(claims) });
      return { kind: "tested", connectionId: id, testId: state };
    }
    const out = await signIn(conn, claims, request.userId, input.origin);
    return out.kind === "signed_in" ? { ...out, returnTo: request.returnTo } : out;
  } catch (e) {
    if (test && e instanceof DomainError) {
      await saveTest(state, { status: "failed", error: { code: e.code, message: e.message } });
      return { kind: "tested", connectionId: id, testId: state };
    }
    throw e;
  }
}

async function saveTest(id: string, result: Record<string, unknown>): Promise<void> {
  const db = await getDb();
  await db.ssoRequest.update({ where: { id }, data: { result: JSON.parse(JSON.stringify(result)) } });
}

async function signIn(
  conn: ConnectionRow,
  claims: Claims,
  browserUserId: number | null,
  origin: Origin,
): Promise<SsoOutcome> {
  const profile = mapClaims(claims, conn.mapping as Parameters<typeof mapClaims>[1]);
  if (!profile.email) throw failed("The identity provider sent no email address");
  if (!emailVerified(claims)) throw failed(`The identity provider has not verified ${profile.email}`);
  return inAccountTransaction(conn.accountId, async (tx) => {
    const person = await resolveSsoPerson(tx, conn, claims, profile, browserUserId, origin);
    const level = conn.trustIdpMfa && idpSaysMfa(claims) ? 2 : 1;
    const minted = await mintSession({ id: person.userId }, { methods: ["sso"], level }, origin, tx, {
      connectionId: conn.id,
      accountId: conn.accountId,
    });
    return { kind: "signed_in" as const, minted, accountId: conn.accountId, joined: person.joined };
  });
}

export type TestResult =
  | { status: "pending" }
  | { status: "complete"; claims: Record<string, unknown>; profile: MappedProfile; emailVerified: boolean }
  | { status: "failed"; error: { code: string; message: string } };

/** A test sign-in's outcome, for an admin of the connection's account. */
export async function getTestResult(actor: MemberActor, rawConnectionId: unknown, testId: string): Promise<TestResult> {
  const member = requireMember(actor);
  assertCan(member.role, "account.sso");
  const id = parseInput(idSchema, rawConnectionId);
  const db = await getDb();
  const row = await db.ssoRequest.findFirst({
    where: { id: testId, connectionId: id, purpose: "test", connection: { accountId: member.accountId } },
  });
  if (!row) throw new DomainError("not_found", `This connection has no test sign-in ${testId.slice(0, 64)}`);
  return (row.result as TestResult | null) ?? { status: "pending" };
}

// SAML: the IdP's answer arrives as a cross-site POST, which carries no
// SameSite cookie. It is checked there (signature, audience, recipient,
// InResponseTo the request named by RelayState, never seen before), kept on
// the request, and the browser is sent on to a same-site GET that proves it
// is the browser that began the sign-in. An answer begun at the IdP (no
// request) is kept for the person to confirm on an interstitial page.

const samlClaimsOf = (result: unknown): Claims => {
  const claims = (result as { saml?: Claims } | null)?.saml;
  if (!claims) throw failed("The identity provider has not answered this sign-in yet: start again");
  return claims;
};

const IDP_CONFIRM_TTL_MS = 5 * 60_000;

export type SamlReceipt =
  | { kind: "answered"; connectionId: number; state: string }
  | { kind: "tested"; connectionId: number; testId: string }
  | { kind: "confirm"; connectionId: number; confirmId: string };

/** The ACS: a posted SAMLResponse (and RelayState), checked and kept for the browser to collect. */
export async function receiveSamlResponse(input: {
  connectionId: unknown;
  samlResponse: string | null;
  relayState: string | null;
}): Promise<SamlReceipt> {
  const id = parseInput(idSchema, input.connectionId);
  const db = await getDb();
  const conn = await db.ssoConnection.findUnique({ where: { id } });
  if (conn?.type !== "SAML") throw noConnection(id);
  if (!input.samlResponse) throw failed("The identity provider's answer has no SAMLResponse");
  const request = input.relayState
    ? await db.ssoRequest.findFirst({
        where: { id: input.relayState.slice(0, 200), connectionId: id, purpose: { in: ["sign_in", "test"] } },
      })
    : null;
  if (request) {
    const test = request.purpose === "test";
    try {
      if (request.usedAt || request.expiresAt < new Date() || request.result)
        throw failed("This sign-in was already used or has expired: start again");
      if (!test && conn.state !== "ACTIVE") throw noConnection(id);
      const answer = await samlAnswer(conn, input.samlResponse, { requestId: request.nonce });
      await rememberAssertion(conn.id, answer);
      if (test) {
        const profile = mapClaims(answer.claims, conn.mapping as Parameters<typeof mapClaims>[1]);
        await saveTest(request.id, { status: "complete", claims: answer.claims, profile, emailVerified: true });
        // Spent: its result is final (a later GET of the callback cannot turn it into a failure).
        await db.ssoRequest.update({ where: { id: request.id }, data: { usedAt: new Date() } });
        return { kind: "tested", connectionId: id, testId: request.id };
      }
      const kept = await db.ssoRequest.updateMany({
        where: { id: request.id, usedAt: null, result: { equals: Prisma.DbNull } },
        data: { result: JSON.parse(JSON.stringify({ saml: answer.claims })) },
      });
      if (kept.count === 0) throw failed("This sign-in was already answered: start again");
      return { kind: "answered", connectionId: id, state: request.id };
    } catch (e) {
      if (test && e instanceof DomainError) {
        await saveTest(request.id, { status: "failed", error: { code: e.code, message: e.message } });
        await db.ssoRequest.update({ where: { id: request.id }, data: { usedAt: new Date() } });
        return { kind: "tested", connectionId: id, testId: request.id };
      }
      throw e;
    }
  }
  // Begun at the IdP: only where the connection allows it, and only after the person confirms.
  if (conn.state !== "ACTIVE") throw noConnection(id);
  if (!conn.allowIdpInitiated)
    throw failed("This connection accepts only sign-ins begun at Roster's sign-in page (IdP-initiated sign-in is off)");
  const answer = await samlAnswer(conn, input.samlResponse, { requestId: null });
  await rememberAssertion(conn.id, answer);
  await pruneRequests();
  const confirmId = randomBytes(32).toString("base64url");
  await db.ssoRequest.create({
    data: {
      id: confirmId,
      connectionId: id,
      purpose: "idp_confirm",
      browserHash: "",
      result: JSON.parse(JSON.stringify({ saml: answer.claims })),
      expiresAt: new Date(Date.now() + IDP_CONFIRM_TTL_MS),
    },
  });
  return { kind: "confirm", connectionId: id, confirmId };
}

/** Binds an IdP-initiated answer to the first browser that collects it (the one the IdP sent). */
export async function claimIdpConfirmation(
  rawConnectionId: unknown,
  confirmId: string,
  binding: string,
): Promise<void> {
  const id = parseInput(idSchema, rawConnectionId);
  const db = await getDb();
  await db.ssoRequest.updateMany({
    where: { id: confirmId.slice(0, 200), connectionId: id, purpose: "idp_confirm", browserHash: "" },
    data: { browserHash: hash(binding) },
  });
}

async function pendingConfirmation(id: number, confirmId: string, binding: string | undefined) {
  const db = await getDb();
  const row = await db.ssoRequest.findFirst({
    where: { id: confirmId.slice(0, 200), connectionId: id, purpose: "idp_confirm", usedAt: null },
    include: { connection: { include: { account: { select: { name: true } } } } },
  });
  if (!row || !binding || row.browserHash !== hash(binding) || row.expiresAt < new Date())
    throw failed("This sign-in was not begun in this browser, or has expired: start again");
  return row;
}

/** What the interstitial asks: "Sign in to <account> as <email> through <IdP>?" */
export async function describeIdpConfirmation(
  rawConnectionId: unknown,
  confirmId: string,
  binding: string | undefined,
): Promise<{ accountName: string; email: string | null; idp: string }> {
  const id = parseInput(idSchema, rawConnectionId);
  const row = await pendingConfirmation(id, confirmId, binding);
  const claims = samlClaimsOf(row.result);
  const profile = mapClaims(claims, row.connection.mapping as Parameters<typeof mapClaims>[1]);
  let idp = row.connection.idpEntityId ?? row.connection.name;
  if (URL.canParse(idp)) idp = new URL(idp).host;
  return { accountName: row.connection.account.name, email: profile.email, idp };
}

/** The person confirmed the IdP-initiated sign-in (same browser, once, within five minutes). */
export async function confirmIdpSignIn(input: {
  connectionId: unknown;
  confirmId: string;
  binding: string | undefined;
  origin: Origin;
}): Promise<SsoOutcome> {
  const id = parseInput(idSchema, input.connectionId);
  const row = await pendingConfirmation(id, input.confirmId, input.binding);
  const db = await getDb();
  const spent = await db.ssoRequest.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
  if (spent.count === 0) throw failed("This sign-in was already used: start again");
  const conn = await db.ssoConnection.findUnique({ where: { id } });
  if (conn?.state !== "ACTIVE" || !conn.allowIdpInitiated) throw noConnection(id);
  return signIn(conn, samlClaimsOf(row.result), null, input.origin);
}
