import "server-only";
import { DomainError } from "../errors";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON object body whatever its Content-Type (seed 003's curl examples
 * send JSON as form data), refusing oversized bodies before reading them whole.
 */
export async function readJsonObject(req: Request, maxBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const text = await readText(req, maxBytes);
  if (text.trim() === "") return {};
  assertNestingDepth(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError("bad_request", "The body is not valid JSON", [{ field: "body", message: "invalid JSON" }]);
  }
  const bad = findUnstorable(value, "");
  if (bad !== null) {
    throw new DomainError("invalid_input", `${bad.at || "The body"} ${bad.why}`, [
      { field: bad.at || "body", message: bad.why },
    ]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DomainError("bad_request", "The body must be a JSON object", [
      { field: "body", message: "must be an object" },
    ]);
  }
  return value as Record<string, unknown>;
}

export async function readText(req: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new DomainError("bad_request", "The body is not valid UTF-8", [{ field: "body", message: "invalid UTF-8" }]);
  }
}

const tooLarge = (maxBytes: number) =>
  new DomainError("payload_too_large", `The body is larger than ${maxBytes / 1024} KiB`, [
    { field: "body", message: `at most ${maxBytes} bytes` },
  ]);

/** JSON deeper than this is refused before parsing (recursion in later walks stays bounded). */
export const MAX_JSON_DEPTH = 64;

function assertNestingDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > MAX_JSON_DEPTH) {
        throw new DomainError("bad_request", `The body nests deeper than ${MAX_JSON_DEPTH} levels`, [
          { field: "body", message: `at most ${MAX_JSON_DEPTH} levels of nesting` },
        ]);
      }
    } else if (c === 125 || c === 93) depth--;
  }
}

/** What PostgreSQL cannot store: U+0000, and a UTF-16 surrogate without its pair. */
export function unstorable(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character";
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s))
    return "contains a lone UTF-16 surrogate (not valid Unicode text)";
  return null;
}

/** The first key or string PostgreSQL could not store (its path and why), else null. */
function findUnstorable(value: unknown, at: string, depth = 0): { at: string; why: string } | null {
  if (typeof value === "string") {
    const why = unstorable(value);
    return why ? { at, why } : null;
  }
  if (typeof value !== "object" || value === null || depth > MAX_JSON_DEPTH) return null;
  for (const [key, v] of Object.entries(value)) {
    const here = at ? `${at}.${key}` : key;
    const why = unstorable(key);
    if (why) return { at: here, why };
    const found = findUnstorable(v, here, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
