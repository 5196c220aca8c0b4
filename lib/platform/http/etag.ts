import "server-only";
import { DomainError } from "../errors";

// ETags: members `"<userId>.<version>"`; groups and policies `"g<id>.<ms>"` /
// `"p<id>.<ms>"`, from the last change's time.

export const etagOf = (r: { userId: number; version: number }) => `"${r.userId}.${r.version}"`;

export const namedEtag = (kind: "g" | "p", v: { id: number; updatedAt: Date }) =>
  `"${kind}${v.id}.${v.updatedAt.getTime()}"`;

/** The version an `If-Match` header names for record `prefix + id` (undefined when absent or `*`). */
type EtagPrefix = "" | "g" | "p" | "s" | "d" | "c" | "w";

function versionFromIfMatch(req: Request, prefix: EtagPrefix, id: number): number | undefined {
  const header = req.headers.get("if-match");
  if (!header || header.trim() === "*") return undefined;
  for (const tag of header.split(",")) {
    const m = tag
      .trim()
      .replace(/^W\//, "")
      // Any kind's form: the prefix is compared below (a list of kinds here once left webhooks' out).
      .match(/^"([a-z]?)(\d+)\.(\d+)"$/);
    if (m && m[1] === prefix && Number(m[2]) === id) return Number(m[3]);
  }
  // A tag for another record or of another form can never match.
  throw new DomainError("precondition_failed", "If-Match does not match the current ETag of this record");
}

export const expectedVersion = (req: Request, userId: number) => versionFromIfMatch(req, "", userId);

export const expectedNamedVersion = (req: Request, kind: "g" | "p", id: number) => versionFromIfMatch(req, kind, id);

/** An account's security policy: `"s<accountId>.<securityVersion>"`. */
export const securityEtag = (accountId: number, version: number) => `"s${accountId}.${version}"`;

export const expectedSecurityVersion = (req: Request, accountId: number) => versionFromIfMatch(req, "s", accountId);

/** An account's domain: `"d<domainId>.<version>"`. */
export const domainEtag = (id: number, version: number) => `"d${id}.${version}"`;

export const expectedDomainVersion = (req: Request, id: number) => versionFromIfMatch(req, "d", id);

/** An account's SSO connection: `"c<connectionId>.<version>"`. */
export const connectionEtag = (id: number, version: number) => `"c${id}.${version}"`;

export const expectedConnectionVersion = (req: Request, id: number) => versionFromIfMatch(req, "c", id);

export const webhookEtag = (id: number, version: number) => `"w${id}.${version}"`;

export const expectedWebhookVersion = (req: Request, id: number) => versionFromIfMatch(req, "w", id);
