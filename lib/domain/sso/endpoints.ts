import { appUrl } from "../../platform/mail/mailer";

// Where a connection's sign-ins arrive (what the IdP's administrator enters), and the clock tolerance with IdPs.

/** OIDC: the redirect (callback) URI. */
export const callbackUrl = (id: number) => `${appUrl()}/sso/${id}/callback`;
/** Where a browser begins a sign-in. */
export const startPath = (id: number) => `/sso/${id}/start`;
/** SAML: this connection's entity id, which is also where its metadata is served. */
export const spEntityId = (id: number) => `${appUrl()}/sso/${id}/metadata`;
/** SAML: the assertion consumer service. */
export const acsUrl = (id: number) => `${appUrl()}/sso/${id}/acs`;

/** Seconds of clock difference tolerated with the IdP (ROSTER_SSO_CLOCK_SKEW_S, at least 1, default 60). */
export const clockSkewS = () => {
  const n = Number(process.env.ROSTER_SSO_CLOCK_SKEW_S ?? 60);
  return Number.isFinite(n) && n >= 1 ? n : 60;
};
