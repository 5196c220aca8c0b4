import type { Claims } from "./types";

// A SAML assertion as the claims a connection's mapping reads: every attribute
// under its own name, and the usual names of Okta, Entra ID, Google and
// OneLogin (and their X.500 OIDs) gathered under the OIDC claim names, so the
// default mapping works for either kind of connection.

const ALIASES: Record<string, string[]> = {
  email: [
    "email",
    "mail",
    "emailaddress",
    "emailAddress",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "urn:oid:0.9.2342.19200300.100.1.3",
  ],
  given_name: [
    "given_name",
    "givenName",
    "firstName",
    "first_name",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    "urn:oid:2.5.4.42",
  ],
  family_name: [
    "family_name",
    "sn",
    "surname",
    "lastName",
    "last_name",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    "urn:oid:2.5.4.4",
  ],
  name: [
    "name",
    "displayName",
    "display_name",
    "http://schemas.microsoft.com/identity/claims/displayname",
    "urn:oid:2.16.840.1.113730.3.1.241",
  ],
  title: ["title", "jobTitle", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/title", "urn:oid:2.5.4.12"],
  department: ["department", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/department", "urn:oid:2.5.4.11"],
};

const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

const single = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

export function claimsFromSamlAttributes(a: {
  issuer: string;
  nameId: string;
  nameIdFormat?: string | null;
  attributes: Record<string, unknown>;
  authnContext?: string;
}): Claims {
  const claims: Claims = { iss: a.issuer, sub: a.nameId };
  for (const [name, value] of Object.entries(a.attributes)) {
    if (name !== "iss" && name !== "sub") claims[name] = single(value);
  }
  for (const [claim, names] of Object.entries(ALIASES)) {
    const found = names.map((n) => single(a.attributes[n])).find((v) => typeof v === "string" && v.trim());
    if (found !== undefined) claims[claim] = found;
  }
  if (claims.email === undefined && (a.nameIdFormat === EMAIL_FORMAT || /^[^@\s]+@[^@\s]+$/.test(a.nameId)))
    claims.email = a.nameId;
  // The IdP asserts the address it signs for; linking still needs the account's verified domain.
  claims.email_verified = true;
  if (a.authnContext) claims.acr = a.authnContext;
  return claims;
}
