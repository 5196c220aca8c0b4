/**
 * A path on this site to send the browser to after signing in, judged after
 * parsing the way a browser parses (backslashes count as slashes, tabs and
 * newlines vanish): anything that would leave the site becomes `fallback`.
 */
export function sameOriginPath(raw: unknown, fallback = "/members"): string {
  if (typeof raw !== "string" || raw === "" || raw.length > 2000) return fallback;
  const base = "http://roster.invalid";
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  // "//host" would be read as another site: one leading slash only.
  const path = url.pathname.replace(/^\/+/, "/");
  return `${path}${url.search}${url.hash}`;
}
