import "server-only";
import * as client from "openid-client";
import { decryptSecret } from "../../platform/auth/api-key";
import { DomainError } from "../../platform/errors";
import { callbackUrl, clockSkewS } from "./endpoints";
import { ssoAllowPrivate, ssoFetch } from "./outbound";
import type { Claims, ConnectionRow } from "./types";

// OpenID Connect through openid-client (authorization code + PKCE; state and
// nonce checked; the id token's issuer, audience, expiry and signature checked
// against the IdP's published keys, fetched again when it signs with a new one).

// The IdP's metadata, discovered once per connection version for an hour. Each
// sign-in then builds its client afresh, so the IdP's keys are fetched for it:
// a key the IdP rotated in a moment ago is followed at once.
const metadata = new Map<string, { at: number; server: Promise<client.ServerMetadata> }>();
const METADATA_TTL_MS = 3_600_000;

function failed(message: string): DomainError {
  return new DomainError("sso_failed", message);
}

const clientMetadata = (c: ConnectionRow) => ({
  client_secret: decryptSecret(c.clientSecret ?? ""),
  [client.clockTolerance]: clockSkewS(),
});

function configure(config: client.Configuration): client.Configuration {
  config[client.customFetch] = ssoFetch() as client.CustomFetch;
  if (ssoAllowPrivate()) client.allowInsecureRequests(config);
  return config;
}

async function configFor(c: ConnectionRow): Promise<client.Configuration> {
  const key = `${c.id}.${c.version}`;
  let entry = metadata.get(key);
  if (!entry || Date.now() - entry.at > METADATA_TTL_MS) {
    for (const k of metadata.keys()) if (k.startsWith(`${c.id}.`)) metadata.delete(k);
    const server = client
      .discovery(new URL(c.issuer ?? ""), c.clientId ?? "", clientMetadata(c), undefined, {
        [client.customFetch]: ssoFetch() as client.CustomFetch,
        execute: ssoAllowPrivate() ? [client.allowInsecureRequests] : [],
      })
      .then((cfg) => cfg.serverMetadata());
    entry = { at: Date.now(), server };
    metadata.set(key, entry);
    server.catch(() => metadata.delete(key));
  }
  try {
    return configure(new client.Configuration(await entry.server, c.clientId ?? "", clientMetadata(c)));
  } catch (e) {
    throw failed(`The identity provider's configuration could not be read from ${c.issuer}: ${reason(e)}`);
  }
}

const reason = (e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  // oauth4webapi names the claim that failed (nonce, iss, aud, exp…) in the cause.
  let claim: unknown;
  for (let c: unknown = e, i = 0; c && typeof c === "object" && i < 4 && claim === undefined; i++) {
    claim = (c as { claim?: unknown }).claim;
    c = (c as { cause?: unknown }).cause;
  }
  return (typeof claim === "string" ? `${message} (claim "${claim}")` : message).slice(0, 300);
};

export interface OidcStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Where to send the browser: the IdP's authorization endpoint with state, nonce and a PKCE challenge. */
export async function oidcAuthorizationUrl(
  c: ConnectionRow,
  opts: { loginHint?: string; prompt?: "login" } = {},
): Promise<OidcStart> {
  const config = await configFor(c);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(c.id),
    scope: c.scopes.join(" "),
    response_type: "code",
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    // The email typed on the sign-in page: the IdP fills it in (Okta, Entra ID, Google all read it).
    ...(opts.loginHint ? { login_hint: opts.loginHint } : {}),
    // Signing in again to confirm it is them: the IdP asks afresh instead of reusing its own session.
    ...(opts.prompt ? { prompt: opts.prompt } : {}),
  });
  return { url: url.toString(), state, nonce, codeVerifier };
}

/** Exchanges the code the browser brought back; answers the verified id token's claims with the user info's. */
export async function oidcClaims(
  c: ConnectionRow,
  callback: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<Claims> {
  const config = await configFor(c);
  // The answer arrives at our public address; openid-client compares it with the redirect URI.
  const current = new URL(callbackUrl(c.id));
  current.search = callback.search;
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
  } catch (e) {
    throw failed(`The identity provider's answer was refused: ${reason(e)}`);
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw failed("The identity provider sent no id token");
  let claims: Claims = { ...idClaims } as Claims;
  if (claims.email === undefined && tokens.access_token) {
    try {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...claims } as Claims;
    } catch (e) {
      throw failed(`The identity provider's user info could not be read: ${reason(e)}`);
    }
  }
  return claims;
}
