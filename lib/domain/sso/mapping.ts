import { domainToASCII } from "node:url";
import { DEFAULT_MAPPING, type Mapping, PROFILE_FIELDS } from "./connections";
import type { Claims } from "./types";

// What an identity provider's claims become on the member profile.

export interface MappedProfile {
  email: string | null;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  title?: string;
  department?: string;
  attributes: Record<string, string>;
}

const text = (v: unknown): string | undefined => {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v !== "string") return undefined;
  const t = v.trim().slice(0, 200);
  return t || undefined;
};

export function mapClaims(claims: Claims, mapping: Mapping): MappedProfile {
  const claim = (f: (typeof PROFILE_FIELDS)[number]) => text(claims[mapping[f] ?? DEFAULT_MAPPING[f]]);
  const email = claim("email")?.toLowerCase() ?? null;
  const profile: MappedProfile = { email, attributes: {} };
  for (const f of PROFILE_FIELDS) {
    if (f === "email") continue;
    const v = claim(f);
    if (v !== undefined) profile[f] = v;
  }
  for (const [name, from] of Object.entries(mapping.attributes ?? {})) {
    const v = text(claims[from]);
    if (v !== undefined) profile.attributes[name] = v;
  }
  return profile;
}

/** The email's domain as domains are stored (ASCII, lower case), or null. */
export function emailDomain(email: string | null): string | null {
  const at = email?.lastIndexOf("@") ?? -1;
  if (!email || at < 1) return null;
  return domainToASCII(email.slice(at + 1).toLowerCase()) || null;
}

/** Whether the IdP says its sign-in used more than one factor (OIDC amr or acr; SAML AuthnContextClassRef as acr). */
export function idpSaysMfa(claims: Claims): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.map(String) : [];
  if (amr.some((m) => ["mfa", "otp", "hwk", "swk", "sc", "fido", "totp"].includes(m))) return true;
  const acr = typeof claims.acr === "string" ? claims.acr.toLowerCase() : "";
  // OIDC (aal2, phr…), SAML's own classes (MobileTwoFactor…, TimeSyncToken, Smartcard…), Entra ID's multipleauthn.
  return /mfa|multifactor|multipleauthn|twofactor|timesynctoken|smartcard|aal[23]|phr|phrh/.test(acr);
}
