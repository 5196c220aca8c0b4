import "server-only";
import { outboundFetch } from "../../platform/net/outbound";

// An identity provider's addresses are a tenant's choice: https on the public
// internet only, unless the operator allows private ones (ROSTER_SSO_ALLOW_PRIVATE=1:
// an IdP on the same network, local development, tests), which also allows http.

export const ssoAllowPrivate = () => process.env.ROSTER_SSO_ALLOW_PRIVATE === "1";

export const issuerAllowed = (u: URL) => u.protocol === "https:" || (ssoAllowPrivate() && u.protocol === "http:");

export const ssoFetch = () => outboundFetch({ allowPrivate: ssoAllowPrivate(), allowHttp: ssoAllowPrivate() });
