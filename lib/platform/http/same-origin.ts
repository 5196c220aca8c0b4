import { DomainError } from "../errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** A write riding on the session cookie must come from this site (Sec-Fetch-Site, else Origin). */
export function assertSameOrigin(req: Request) {
  if (SAFE.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const crossSite = site ? site !== "same-origin" && site !== "none" : origin ? hostOf(origin) !== host : false;
  if (crossSite)
    throw new DomainError("forbidden", "Cross-site requests may not use the session cookie; send an API key");
}

/** The host of an Origin header (null when it is not a URL). */
export function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
