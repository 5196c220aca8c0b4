import "server-only";
import { outboundFetch } from "../../platform/net/outbound";

// A webhook's URL is a tenant's choice: https on the public internet only,
// unless the operator allows private addresses and plain http
// (ROSTER_WEBHOOK_ALLOW_PRIVATE=1: development and tests). No redirects; ten
// seconds for the whole answer; at most 64 KB of it read.

export const webhookAllowPrivate = () => process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE === "1";

export const webhookUrlAllowed = (u: URL) =>
  u.protocol === "https:" || (webhookAllowPrivate() && u.protocol === "http:");

export const webhookFetch = () =>
  outboundFetch({
    allowPrivate: webhookAllowPrivate(),
    allowHttp: webhookAllowPrivate(),
    timeoutMs: 10_000,
    maxBytes: 64 * 1024,
    truncate: true,
  });
