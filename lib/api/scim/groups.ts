import "server-only";
import { createGroup, deleteGroup, type GroupState, type GroupView, updateGroup } from "../../domain/groups/groups";
import {
  type GroupComplexField,
  type GroupField,
  type GroupMemberField,
  type GroupSort,
  getProvisionedGroup,
  type ProvisionedGroup,
  selectGroups,
} from "../../domain/groups/select-groups";
import type { MemberActor } from "../../platform/auth/actor";
import { parseId } from "../../platform/validation";
import { canonicalResource } from "./attribute-names";
import { badRequest, ScimError } from "./errors";
import { type ListQuery, type ResourceNames, selectionOf } from "./filter";
import { GROUP_SCHEMA, listResponse, PATCH_SCHEMA } from "./schemas";

// SCIM Groups ↔ the account's groups; members are users by id.

export type ScimGroupView = ProvisionedGroup;

const etag = (g: GroupView) => `W/"${g.updatedAt.getTime()}"`;

export function toScimGroup(g: ScimGroupView, base: string, withMembers = true) {
  return {
    schemas: [GROUP_SCHEMA],
    id: String(g.id),
    ...(g.externalId ? { externalId: g.externalId } : {}),
    displayName: g.name,
    ...(withMembers
      ? { members: g.members.map((id) => ({ value: String(id), $ref: `${base}/Users/${id}`, type: "User" })) }
      : {}),
    meta: {
      resourceType: "Group",
      created: g.createdAt.toISOString(),
      lastModified: g.updatedAt.toISOString(),
      location: `${base}/Groups/${g.id}`,
      version: etag(g),
    },
  };
}

/** SCIM Group attributes (lower-cased) → the group fields a filter reads. */
const FILTER_NAMES: Record<string, GroupField | GroupComplexField> = {
  id: "id",
  displayname: "name",
  externalid: "externalId",
  "meta.created": "createdAt",
  "meta.lastmodified": "updatedAt",
  members: "members",
  "members.value": "memberId",
};

/** Inside members[…]: the member's user id. */
const MEMBER_NAMES: Record<string, GroupMemberField> = { value: "value" };

const SORT_NAMES: Record<string, GroupSort> = { id: "id", displayname: "name" };

export async function getScimGroup(actor: MemberActor, id: string): Promise<ScimGroupView> {
  const groupId = parseId(id);
  if (groupId === null) throw new ScimError(404, undefined, `Group ${id} not found`);
  return getProvisionedGroup(actor, groupId);
}

const GROUP_NAMES: ResourceNames<GroupField | GroupComplexField, GroupSort> = {
  fields: FILTER_NAMES,
  // members[…] holds when some member satisfies the inner filter; members.value eq also inside and/or.
  values: { members: MEMBER_NAMES },
  sorts: SORT_NAMES,
  cannotSort: "Cannot sort groups by",
};

export async function listScimGroups(actor: MemberActor, q: ListQuery, base: string, withMembers: boolean) {
  const { rows, total } = await selectGroups(actor, selectionOf(q, GROUP_NAMES, "id"));
  return listResponse(
    rows.map((g) => toScimGroup(g, base, withMembers)),
    total,
    q.startIndex,
  );
}

interface GroupInput {
  displayName?: unknown;
  externalId?: unknown;
  members?: unknown;
}

function memberIds(members: unknown): number[] {
  if (members === undefined || members === null) return [];
  if (!Array.isArray(members)) throw badRequest("invalidValue", "members must be a list");
  return members.map((m) => {
    const value = typeof m === "object" && m !== null ? (m as { value?: unknown }).value : m;
    const id = parseId(value);
    if (id === null) throw badRequest("invalidValue", `members: ${String(value)} is not a user id`);
    return id;
  });
}

function displayNameOf(v: unknown): string {
  if (typeof v !== "string" || !v.trim()) throw badRequest("invalidValue", "displayName is required");
  return v;
}

const externalIdOf = (v: unknown): string | null => {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v !== "string") throw badRequest("invalidValue", "externalId must be a string");
  return v;
};

const groupInput = (body: unknown): GroupInput =>
  typeof body === "object" && body !== null && !Array.isArray(body)
    ? (canonicalResource("Group", body as Record<string, unknown>) as GroupInput)
    : {};

export async function createScimGroup(actor: MemberActor, sent: GroupInput): Promise<ScimGroupView> {
  const input = groupInput(sent);
  const created = await createGroup(
    actor,
    { name: displayNameOf(input.displayName), members: memberIds(input.members) },
    { externalId: externalIdOf(input.externalId) },
  );
  return getScimGroup(actor, String(created.id));
}

export async function replaceScimGroup(actor: MemberActor, id: string, sent: GroupInput, expected?: number) {
  const input = groupInput(sent);
  const current = await getScimGroup(actor, id);
  await updateGroup(
    actor,
    current.id,
    { name: displayNameOf(input.displayName), members: memberIds(input.members) },
    { expectedVersion: expected, externalId: externalIdOf(input.externalId) },
  );
  return getScimGroup(actor, id);
}

interface Operation {
  op?: unknown;
  path?: unknown;
  value?: unknown;
}

/** PATCH as Okta and Entra send it: members added and removed by value or by filter, names replaced. */
export async function patchScimGroup(
  actor: MemberActor,
  id: string,
  body: { schemas?: unknown; Operations?: unknown },
  expected?: number,
) {
  if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH_SCHEMA))
    throw badRequest("invalidSyntax", `A PATCH body names the schema ${PATCH_SCHEMA}`);
  if (!Array.isArray(body.Operations) || body.Operations.length === 0)
    throw badRequest("invalidSyntax", "Operations must be a non-empty list");
  const operations = body.Operations as Operation[];
  const current = await getScimGroup(actor, id);
  // The operations apply to the group as it is inside the domain's transaction,
  // under the account lock: parallel PATCHes each see the others' changes.
  await updateGroup(actor, current.id, (state) => applyOperations(state, operations), { expectedVersion: expected });
  return getScimGroup(actor, id);
}

function applyOperations(state: GroupState, operations: Operation[]) {
  let name = state.name;
  let externalId = state.externalId;
  const members = new Set(state.members);
  for (const raw of operations) {
    const op = String(raw?.op ?? "").toLowerCase();
    const path = typeof raw.path === "string" ? raw.path : undefined;
    if (!["add", "remove", "replace"].includes(op))
      throw badRequest("invalidSyntax", `Unknown op "${String(raw?.op)}"`);
    if (!path) {
      if (op === "remove") throw badRequest("noTarget", "remove needs a path");
      if (typeof (raw.value ?? {}) !== "object")
        throw badRequest("invalidValue", "value must be an object without a path");
      const value = groupInput(raw.value);
      if (value.displayName !== undefined) name = displayNameOf(value.displayName);
      if (value.externalId !== undefined) externalId = externalIdOf(value.externalId);
      if (value.members !== undefined) {
        if (op === "replace") members.clear();
        for (const m of memberIds(value.members)) members.add(m);
      }
      continue;
    }
    const filtered = path.match(/^members\[\s*value\s+eq\s+"?([^"\]]+)"?\s*\]$/i);
    if (filtered) {
      if (op !== "remove") throw badRequest("invalidPath", `${raw.op} cannot take a filtered members path`);
      members.delete(Number(filtered[1]));
    } else if (path.toLowerCase() === "members") {
      const ids = memberIds(raw.value);
      if (op === "replace") members.clear();
      if (op === "remove" && raw.value === undefined) members.clear();
      for (const m of ids) op === "remove" ? members.delete(m) : members.add(m);
    } else if (path.toLowerCase() === "displayname") {
      if (op === "remove") throw badRequest("mutability", "displayName is required");
      name = displayNameOf(raw.value);
    } else if (path.toLowerCase() === "externalid") {
      externalId = op === "remove" ? null : externalIdOf(raw.value);
    } else throw badRequest("invalidPath", `Cannot change ${path}`);
  }
  return { name, members: [...members], externalId };
}

export async function deleteScimGroup(actor: MemberActor, id: string, expected?: number) {
  const current = await getScimGroup(actor, id);
  await deleteGroup(actor, current.id, { expectedVersion: expected });
}

export const groupEtag = etag;
