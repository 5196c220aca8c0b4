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

/** Groups and policies: `"g<id>.<ms>"` / `"p<id>.<ms>"`, from the last change's time. */
export const namedEtag = (kind: "g" | "p", v: { id: number; updatedAt: Date }) =>
  `"${kind}${v.id}.${v.updatedAt.getTime()}"`;

export function expectedNamedVersion(req: Request, kind: "g" | "p", id: number): number | undefined {
  const header = req.headers.get("if-match");
  if (!header || header.trim() === "*") return undefined;
  for (const tag of header.split(",")) {
    const m = tag
      .trim()
      .replace(/^W\//, "")
      .match(/^"([gp])(\d+)\.(\d+)"$/);
    if (m && m[1] === kind && Number(m[2]) === id) return Number(m[3]);
  }
  throw new DomainError("precondition_failed", "If-Match does not match the current ETag of this record");
}
