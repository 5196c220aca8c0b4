import { ORIGINAL_XFF_HEADER, PEER_HEADER } from "../http/peer-address";

/** How many proxies in front of the app are ours (ROSTER_TRUST_PROXY, default 0). */
export function trustedHops(): number {
  const v = process.env.ROSTER_TRUST_PROXY ?? "0";
  return /^\d{1,2}$/.test(v) ? Number(v) : 0;
}

/**
 * The client's address: the TCP peer's, unless ROSTER_TRUST_PROXY says how
 * many proxies of ours stand in front; then the address the outermost of them
 * saw (counted from the right of X-Forwarded-For, the part a client cannot
 * forge). A client's own X-Forwarded-For never decides it.
 */
export function clientIp(headers: Headers, hops = trustedHops()): string {
  const peer = headers.get(PEER_HEADER);
  // Outside `next start` (tests of the domain), there is no socket to read.
  if (peer === null) return "unknown";
  const forwarded = (headers.get(ORIGINAL_XFF_HEADER) ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  const pick = chain[Math.max(0, chain.length - 1 - hops)];
  return (pick ?? "unknown").slice(0, 64);
}
