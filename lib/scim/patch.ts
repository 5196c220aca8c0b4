import "server-only";
import { scimPatch } from "scim-patch";
import { badRequest } from "./errors";
import { ENTERPRISE_SCHEMA, PATCH_SCHEMA } from "./schemas";
import { activeOf, type ScimUser } from "./users";

// PATCH of a User (RFC 7644 §3.5.2), applied to the current resource by
// scim-patch, after smoothing what identity providers actually send: Entra's
// capitalised ops ("Replace") and "True"/"False" strings, a manager given as
// a bare id, operations without a path carrying several attributes.

interface Operation {
  op: string;
  path?: string;
  value?: unknown;
}

const MANAGER_PATH = `${ENTERPRISE_SCHEMA}:manager`.toLowerCase();

function normalize(raw: unknown): Operation {
  if (typeof raw !== "object" || raw === null) throw badRequest("invalidSyntax", "Each operation is an object");
  const { op, path, value } = raw as { op?: unknown; path?: unknown; value?: unknown };
  const verb = String(op ?? "").toLowerCase();
  if (!["add", "remove", "replace"].includes(verb)) throw badRequest("invalidSyntax", `Unknown op "${String(op)}"`);
  if (path !== undefined && typeof path !== "string") throw badRequest("invalidPath", "path must be a string");
  let v = value;
  if (path?.toLowerCase() === "active") v = activeOf(value);
  if (path === undefined && typeof v === "object" && v !== null && "active" in v)
    v = { ...(v as object), active: activeOf((v as { active: unknown }).active) };
  if (path?.toLowerCase() === MANAGER_PATH && typeof v === "string") v = { value: v };
  return { op: verb, ...(path !== undefined ? { path } : {}), ...(v !== undefined ? { value: v } : {}) };
}

export function patchUserResource(current: ScimUser, body: Record<string, unknown>): ScimUser {
  if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH_SCHEMA))
    throw badRequest("invalidSyntax", `A PATCH body names the schema ${PATCH_SCHEMA}`);
  if (!Array.isArray(body.Operations) || body.Operations.length === 0)
    throw badRequest("invalidSyntax", "Operations must be a non-empty list");
  const operations = body.Operations.map(normalize);
  let patched: ScimUser;
  try {
    patched = scimPatch(structuredClone(current) as never, operations as never) as unknown as ScimUser;
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    const scimType = (e as { scimType?: string }).scimType;
    throw badRequest(
      scimType === "noTarget" ? "noTarget" : scimType === "invalidValue" ? "invalidValue" : "invalidPath",
      message,
    );
  }
  // userName (the member's username) and emails (the person's login) change independently.
  return patched;
}
