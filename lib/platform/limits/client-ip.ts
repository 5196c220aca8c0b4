import { isIPv6 } from "node:net";
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

/**
 * The network a limit counts an address against: an IPv4 address itself, an
 * IPv6 address by its /64 (one subscriber's prefix: a client picks any of its
 * 2^64 addresses at will, so counting per /128 would hand it fresh budgets).
 * IPv4-mapped IPv6 (::ffff:1.2.3.4) counts as the IPv4 address.
 */
export function limitKey(ip: string): string {
  const bare = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = bare.match(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i);
  if (mapped) return mapped[1];
  if (!isIPv6(bare)) return ip;
  const [head, tail = ""] = bare.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = bare.includes("::") && tail ? tail.split(":") : [];
  // An embedded IPv4 tail (::1.2.3.4) sits in the last 32 bits, never in the first 64.
  const width = (parts: string[]) => parts.reduce((n, p) => n + (p.includes(".") ? 2 : 1), 0);
  const groups = bare.includes("::") ? [...left, ...Array(8 - width(left) - width(right)).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}
