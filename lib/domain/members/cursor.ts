import "server-only";
import { hashSecret, secretMatches } from "../../platform/auth/api-key";
import { DomainError } from "../../platform/errors";
import { CURSOR_SORT_FIELDS, type SortSpec } from "./list-query";

export interface CursorPosition {
  values: unknown[];
  page: number;
}

/**
 * Room for the longest cursor a page can give out: every resumable sort key at
 * once, names at their 200-character limit in 3-byte characters, the email at
 * 254 with each character escaped (the unit test writes it: 2,571 characters).
 */
export const MAX_CURSOR_LENGTH = 4_096;

// Cursors are signed (HMAC under the server's secret): a cursor edited by hand
// never reaches SQL, whatever numbers, types or sort values it carries.
export function writeCursor(keys: SortSpec[], values: unknown[], page: number): string {
  const v = values.map((x) => (x instanceof Date ? x.toISOString() : x));
  const body = Buffer.from(JSON.stringify({ o: signature(keys), v, p: page })).toString("base64url");
  return `${body}.${hashSecret(`cursor:${body}`)}`;
}

const signature = (keys: SortSpec[]) => keys.map((k) => `${k.desc ? "-" : ""}${k.field}`).join(",");

export function readCursor(cursor: string, keys: SortSpec[]): CursorPosition {
  const bad = (message: string) =>
    new DomainError("invalid_input", `cursor ${message}`, [{ field: "cursor", message }]);
  const unsupported = keys.find((k) => !CURSOR_SORT_FIELDS.includes(k.field));
  if (unsupported)
    throw bad(`paging cannot sort by ${unsupported.field}; sort by one of ${CURSOR_SORT_FIELDS.join(", ")}`);
  const [body, mac, extra] = cursor.split(".");
  if (!body || !mac || extra !== undefined || !secretMatches(`cursor:${body}`, mac)) {
    throw bad("is not one this server gave out");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw bad("is not one this server gave out");
  }
  const c = parsed as { o?: unknown; v?: unknown; p?: unknown };
  if (
    typeof c !== "object" ||
    c === null ||
    !Array.isArray(c.v) ||
    c.v.length !== keys.length ||
    !c.v.every((x) => typeof x === "string" || typeof x === "number") ||
    typeof c.p !== "number" ||
    !Number.isInteger(c.p) ||
    c.p < 1
  )
    throw bad("is not one this server gave out");
  if (c.o !== signature(keys)) throw bad("belongs to another sort order; keep the sort it was given with");
  if (
    keys.some(
      (k, i) =>
        (k.field === "createdAt" || k.field === "updatedAt") && Number.isNaN(Date.parse(String((c.v as unknown[])[i]))),
    )
  )
    throw bad("is not one this server gave out");
  return { values: c.v, page: c.p };
}
