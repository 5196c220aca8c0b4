import "server-only";
import { DomainError } from "../errors";

export const etagOf = (r: { userId: number; version: number }) => `"${r.userId}.${r.version}"`;

/** The version an `If-Match` header names for this record (undefined when absent or `*`). */
export function expectedVersion(req: Request, userId: number): number | undefined {
  const header = req.headers.get("if-match");
  if (!header || header.trim() === "*") return undefined;
  for (const tag of header.split(",")) {
    const m = tag
      .trim()
      .replace(/^W\//, "")
      .match(/^"(\d+)\.(\d+)"$/);
    if (m && Number(m[1]) === userId) return Number(m[2]);
  }
  // A tag for another record or of another form can never match.
  throw new DomainError("precondition_failed", "If-Match does not match the current ETag of this record");
}
