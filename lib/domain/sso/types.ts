import type { Tx } from "../tx";

// What the SSO files share: a connection's row, and what an IdP says about a person.

export type ConnectionRow = Awaited<ReturnType<Tx["ssoConnection"]["findFirstOrThrow"]>>;

/** The IdP's statements about the person: an OIDC id token's claims, or a SAML assertion read as claims. */
export type Claims = Record<string, unknown> & { iss: string; sub: string };
