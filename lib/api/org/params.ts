import "server-only";
import { z } from "zod";
import { DomainError } from "../../platform/errors";
import { MAX_BODY_BYTES, readJsonObject, readText } from "../../platform/http/body";

/**
 * Seed 001's parameters, from the query string (GET, DELETE), a form body
 * (application/x-www-form-urlencoded or multipart, lists as serialized JSON)
 * or a JSON body. Body values win over query values.
 */
export async function readOrgParams(req: Request): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [k, v] of new URL(req.url).searchParams) params[k] = v;
  if (req.method === "GET" || req.method === "HEAD") return params;
  const type = req.headers.get("content-type")?.toLowerCase() ?? "";
  if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(await readText(req))) params[k] = v;
  } else if (type.startsWith("multipart/form-data")) {
    if (Number(req.headers.get("content-length")) > MAX_BODY_BYTES) await readText(req); // throws 413
    const form = await req.formData().catch(() => {
      throw new DomainError("bad_request", "The form body could not be read", [
        { field: "body", message: "invalid multipart form" },
      ]);
    });
    for (const [k, v] of form) params[k] = typeof v === "string" ? v : "";
  } else {
    Object.assign(params, await readJsonObject(req));
  }
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === "string" && v.includes("\u0000")) {
      throw new DomainError("invalid_input", `${k} contains a NUL character`, [
        { field: k, message: "contains a NUL character" },
      ]);
    }
  }
  return params;
}

/** A list parameter: a JSON array, or (form bodies) a string holding a serialized JSON array. */
export const jsonList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      try {
        return JSON.parse(v);
      } catch {
        return Symbol.for("invalid");
      }
    },
    z.array(item, { error: "must be a JSON array (or a string holding one)" }),
  );

export const boolParam = z.preprocess(
  (v) => {
    if (typeof v !== "string") return v;
    const s = v.trim().toLowerCase();
    if (["true", "1", "yes", "on"].includes(s)) return true;
    if (["false", "0", "no", "off", ""].includes(s)) return false;
    return v;
  },
  z.boolean({ error: "must be true or false" }),
);

/** Keys the seed does not name are refused, so a typo is not silently ignored. */
export const orgObject = <S extends z.ZodRawShape>(shape: S) => z.object(shape).strict();
