/**
 * The client's address. `next start` appends the socket address to
 * X-Forwarded-For, so the last entry is the nearest hop; behind a trusted
 * proxy (ROSTER_TRUST_PROXY=1) the first entry is the client.
 */
export function clientIp(headers: Headers): string {
  const xff = headers.get("x-forwarded-for");
  if (xff) {
    const parts = xff
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const pick = process.env.ROSTER_TRUST_PROXY === "1" ? parts[0] : parts[parts.length - 1];
    if (pick) return pick.slice(0, 64);
  }
  return headers.get("x-real-ip")?.slice(0, 64) ?? "unknown";
}
