import "server-only";
import { scimPatch } from "scim-patch";
import { filter, parse } from "scim2-parse-filter";
import { canonicalPath, canonicalResource } from "./attribute-names";
import { badRequest } from "./errors";
import { ENTERPRISE_SCHEMA, PATCH_SCHEMA } from "./schemas";
import { activeOf, KEPT_AS_ATTRIBUTES, type ScimUser } from "./users";

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
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function normalize(raw: unknown): Operation {
  if (typeof raw !== "object" || raw === null) throw badRequest("invalidSyntax", "Each operation is an object");
  const { op, path: rawPath, value } = raw as { op?: unknown; path?: unknown; value?: unknown };
  const verb = String(op ?? "").toLowerCase();
  if (!["add", "remove", "replace"].includes(verb)) throw badRequest("invalidSyntax", `Unknown op "${String(op)}"`);
  if (rawPath !== undefined && typeof rawPath !== "string") throw badRequest("invalidPath", "path must be a string");
  // Names in any case, spelled as ours from here on (a wrong-case path must not be applied to nothing).
  const path = rawPath === undefined ? undefined : canonicalPath("User", rawPath);
  let v = rawPath === undefined && isPlainObject(value) ? canonicalResource("User", value) : value;
  if (path === "active") v = activeOf(value);
  if (path === undefined && typeof v === "object" && v !== null && "active" in v)
    v = { ...(v as object), active: activeOf((v as { active: unknown }).active) };
  if (path?.toLowerCase() === MANAGER_PATH && typeof v === "string") v = { value: v };
  return { op: verb, ...(path !== undefined ? { path } : {}), ...(v !== undefined ? { value: v } : {}) };
}

/** Attributes this server stores (our Schemas document); lower-cased top-level names. */
const STORED = new Set([
  "username",
  "name",
  "displayname",
  "title",
  "active",
  "emails",
  "phonenumbers",
  "externalid",
  ...KEPT_AS_ATTRIBUTES.map((a) => a.toLowerCase()),
]);
/** A password an identity provider sends is never applied (a login is its owner's): accepted and ignored. */
const NOT_KEPT = new Set(["password"]);
const READ_ONLY = new Set(["id", "meta", "schemas", "groups"]);
const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:user:/i;
const ENTERPRISE_ATTRIBUTES = new Set(["employeenumber", "department", "manager", "manager.value"]);

/**
 * RFC 7644 §3.5.2 strictness before anything is applied: read-only attributes
 * are `mutability`, attributes no schema has are `invalidPath`, and a value
 * filter that selects nothing for a replace or remove is `noTarget`.
 */
function checkTarget(op: Operation, current: ScimUser): void {
  if (op.path === undefined) {
    if (typeof op.value !== "object" || op.value === null || Array.isArray(op.value))
      throw badRequest("invalidValue", "An operation without a path takes an object of attributes");
    for (const key of Object.keys(op.value)) checkAttribute(key.replace(CORE_PREFIX, ""), key);
    return;
  }
  const path = op.path.replace(CORE_PREFIX, "");
  if (path.toLowerCase().startsWith(`${ENTERPRISE_SCHEMA.toLowerCase()}:`)) {
    const rest = path.slice(ENTERPRISE_SCHEMA.length + 1).toLowerCase();
    if (!ENTERPRISE_ATTRIBUTES.has(rest)) throw badRequest("invalidPath", `The enterprise extension has no ${rest}`);
    return;
  }
  const valuePath = path.match(/^([A-Za-z][\w$-]*)\[(.+)\](?:\.([A-Za-z][\w$-]*))?$/);
  const top = (valuePath ? valuePath[1] : path.split(".")[0]).toLowerCase();
  checkAttribute(top, op.path);
  if (valuePath && (op.op === "replace" || op.op === "remove")) {
    let matches: (r: unknown) => boolean;
    try {
      matches = filter(parse(valuePath[2]));
    } catch {
      throw badRequest("invalidFilter", `The value filter in ${op.path} cannot be parsed`);
    }
    const list = Object.entries(current).find(([k]) => k.toLowerCase() === top)?.[1];
    if (!Array.isArray(list) || !list.some((item) => matches(item)))
      throw badRequest("noTarget", `${op.path} selects no value to ${op.op}`);
  }
}

function checkAttribute(top: string, shown: string): void {
  const t = top.split(".")[0].toLowerCase();
  if (t === ENTERPRISE_SCHEMA.toLowerCase()) return;
  if (READ_ONLY.has(t)) throw badRequest("mutability", `${shown} is read-only`);
  if (!STORED.has(t) && !NOT_KEPT.has(t)) throw badRequest("invalidPath", `Users have no attribute ${shown}`);
}

export function patchUserResource(current: ScimUser, body: Record<string, unknown>): ScimUser {
  if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH_SCHEMA))
    throw badRequest("invalidSyntax", `A PATCH body names the schema ${PATCH_SCHEMA}`);
  if (!Array.isArray(body.Operations) || body.Operations.length === 0)
    throw badRequest("invalidSyntax", "Operations must be a non-empty list");
  const operations = body.Operations.map(normalize);
  for (const op of operations) checkTarget(op, current);
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
