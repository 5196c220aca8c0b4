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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError("bad_request", "The body is not valid JSON", [{ field: "body", message: "invalid JSON" }]);
  }
  const nul = findNul(value, "");
  if (nul !== null) {
    throw new DomainError("invalid_input", `${nul || "The body"} contains a NUL character`, [
      { field: nul || "body", message: "contains a NUL character" },
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

/** PostgreSQL text cannot hold U+0000: find the first key or string that does (its path), else null. */
function findNul(value: unknown, at: string, depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? at : null;
  if (typeof value !== "object" || value === null || depth > 32) return null;
  for (const [key, v] of Object.entries(value)) {
    const here = at ? `${at}.${key}` : key;
    if (key.includes("\u0000")) return here;
    const found = findNul(v, here, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
