const FILTER_KEYS = ["page", "limit", "sort", "status", "role", "group", "secondFactor", "q"];

/** The members table's query string in a canonical order (so the server's first page matches the browser's key). */
export function canonicalQuery(params: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = params.get(key);
    if (v) out.set(key, v);
  }
  return out.toString();
}
