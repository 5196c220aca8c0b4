import "server-only";
import { addMember } from "../../domain/members/add-member";
import { deleteMember } from "../../domain/members/delete-member";
import {
  type MemberComplexField,
  type MemberEmailField,
  type MemberField,
  type MemberSort,
  selectMembers,
} from "../../domain/members/select-members";
import type { MemberView } from "../../domain/members/view";
import { getMember } from "../../domain/users/get-user";
import { activeChanges, type UpdateProfileInput, updateProfile } from "../../domain/users/update-profile";
import type { MemberActor } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { parseId } from "../../platform/validation";
import { canonicalResource } from "./attribute-names";
import { badRequest, ScimError } from "./errors";
import { type ListQuery, type ResourceNames, selectionOf } from "./filter";
import { ENTERPRISE_SCHEMA, listResponse, USER_SCHEMA } from "./schemas";

// SCIM Users over the domain module: userName ↔ the member's username (unique
// in the account; a member without one shows their email), emails ↔ the
// person's login email, name ↔ names, active=false ↔ SUSPENDED (true lifts a
// suspension; members removed, invited, asking to join or declined stay as
// they are: activeRow), externalId per account, the enterprise
// extension as custom attributes.

const ENTERPRISE_KEYS = {
  employeeNumber: "enterprise.employeeNumber",
  department: "enterprise.department",
  manager: "enterprise.manager",
} as const;

/**
 * RFC 7643 User attributes with no column of their own, kept as the member's
 * custom attributes (`scim.<name>`) and answered back as sent.
 */
export const KEPT_AS_ATTRIBUTES = [
  "nickName",
  "profileUrl",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "addresses",
  "ims",
  "photos",
  "entitlements",
  "roles",
  "x509Certificates",
] as const;

/** The emails besides the login one (types kept), as a custom attribute of the member. */
const OTHER_EMAILS = "scim.emails";
type OtherEmail = { value: string; type: string };
type JsonRecord = NonNullable<UpdateProfileInput["attributes"]>;

/** Phone number types ↔ profile fields. */
const PHONE_FIELD: Record<string, keyof MemberView> = {
  work: "phoneOffice",
  mobile: "phoneMobile",
  home: "phoneHome",
  fax: "fax",
  pager: "pager",
  other: "phoneOther",
};

export interface ScimUser {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  name: { formatted?: string; givenName?: string; familyName?: string; middleName?: string };
  displayName?: string;
  title?: string;
  active: boolean;
  emails: { value: string; type: string; primary: boolean }[];
  phoneNumbers?: { value: string; type: string }[];
  [ENTERPRISE_SCHEMA]?: { employeeNumber?: string; department?: string; manager?: { value: string } };
  meta: { resourceType: "User"; created: string; lastModified: string; location: string; version: string };
}

const etag = (m: MemberView) => `W/"${m.version}"`;

export function toScimUser(m: MemberView, base: string): ScimUser {
  const attrs = m.attributes as Record<string, unknown>;
  const enterprise: NonNullable<ScimUser[typeof ENTERPRISE_SCHEMA]> = {};
  if (typeof attrs[ENTERPRISE_KEYS.employeeNumber] === "string")
    enterprise.employeeNumber = attrs[ENTERPRISE_KEYS.employeeNumber] as string;
  if (typeof attrs[ENTERPRISE_KEYS.department] === "string")
    enterprise.department = attrs[ENTERPRISE_KEYS.department] as string;
  if (typeof attrs[ENTERPRISE_KEYS.manager] === "string")
    enterprise.manager = { value: attrs[ENTERPRISE_KEYS.manager] as string };
  const phones = Object.entries(PHONE_FIELD).flatMap(([type, field]) =>
    typeof m[field] === "string" && m[field] ? [{ value: m[field] as string, type }] : [],
  );
  const formatted = [m.firstName, m.middleName, m.lastName].filter(Boolean).join(" ");
  const user: ScimUser = {
    schemas: Object.keys(enterprise).length ? [USER_SCHEMA, ENTERPRISE_SCHEMA] : [USER_SCHEMA],
    id: String(m.userId),
    ...(m.externalId ? { externalId: m.externalId } : {}),
    userName: m.username ?? m.email ?? "",
    name: {
      ...(formatted ? { formatted } : {}),
      ...(m.firstName ? { givenName: m.firstName } : {}),
      ...(m.lastName ? { familyName: m.lastName } : {}),
      ...(m.middleName ? { middleName: m.middleName } : {}),
    },
    ...(m.displayName ? { displayName: m.displayName } : {}),
    ...(m.title ? { title: m.title } : {}),
    active: m.status === "ACTIVE",
    emails: [
      ...(m.email ? [{ value: m.email, type: "work", primary: true }] : []),
      ...(Array.isArray(attrs[OTHER_EMAILS]) ? (attrs[OTHER_EMAILS] as OtherEmail[]) : []).map((e) => ({
        value: e.value,
        type: e.type,
        primary: false,
      })),
    ],
    ...(phones.length ? { phoneNumbers: phones } : {}),
    ...Object.fromEntries(
      KEPT_AS_ATTRIBUTES.filter((a) => attrs[`scim.${a}`] !== undefined).map((a) => [a, attrs[`scim.${a}`]]),
    ),
    ...(Object.keys(enterprise).length ? { [ENTERPRISE_SCHEMA]: enterprise } : {}),
    meta: {
      resourceType: "User",
      created: m.createdAt.toISOString(),
      lastModified: m.updatedAt.toISOString(),
      location: `${base}/Users/${m.userId}`,
      version: etag(m),
    },
  };
  return user;
}

/** What an identity provider sends, read leniently (Entra sends "True"/"False" strings). */
export interface UserInput {
  userName?: unknown;
  externalId?: unknown;
  name?: { givenName?: unknown; familyName?: unknown; middleName?: unknown; formatted?: unknown };
  displayName?: unknown;
  title?: unknown;
  active?: unknown;
  emails?: unknown;
  phoneNumbers?: unknown;
  [ENTERPRISE_SCHEMA]?: { employeeNumber?: unknown; department?: unknown; manager?: unknown };
}

const str = (v: unknown, field: string): string | null => {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v !== "string") throw badRequest("invalidValue", `${field} must be a string`);
  return v;
};

export function activeOf(v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  throw badRequest("invalidValue", "active must be true or false");
}

const looksLikeEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);

/**
 * The login email a resource names: the primary (else work, else first)
 * email; with no emails, a userName that is an email address. Undefined: the
 * resource says nothing about it, and the person's email stays as it is.
 */
function emailOf(input: UserInput, userName: string): string | undefined {
  if (Array.isArray(input.emails) && input.emails.length > 0) {
    const emails = input.emails as { value?: unknown; primary?: unknown; type?: unknown }[];
    const chosen =
      emails.find((e) => e?.primary === true || String(e?.primary).toLowerCase() === "true") ??
      emails.find((e) => String(e?.type).toLowerCase() === "work") ??
      emails[0];
    return str(chosen?.value, "emails.value") ?? undefined;
  }
  return looksLikeEmail(userName) ? userName : undefined;
}

/** The emails a resource lists besides the login one, with their types (null: none). */
function otherEmails(input: UserInput, login: string | undefined): OtherEmail[] | null {
  if (!Array.isArray(input.emails)) return null;
  const others = (input.emails as { value?: unknown; type?: unknown }[])
    .map((e) => ({ value: str(e?.value, "emails.value"), type: str(e?.type, "emails.type") ?? "other" }))
    .filter((e): e is OtherEmail => e.value !== null && e.value.toLowerCase() !== login?.toLowerCase());
  return others.length ? others : null;
}

/** The profile, attributes and externalId a full resource describes (PUT/POST semantics: absent = empty). */
export function desiredState(sent: UserInput) {
  const input = canonicalResource("User", sent as Record<string, unknown>) as UserInput;
  const userName = str(input.userName, "userName");
  if (!userName) throw badRequest("invalidValue", "userName is required");
  const email = emailOf(input, userName);
  const profile: Record<string, string | null> = {
    ...(email !== undefined ? { email } : {}),
    username: userName,
    firstName: str(input.name?.givenName, "name.givenName"),
    lastName: str(input.name?.familyName, "name.familyName"),
    middleName: str(input.name?.middleName, "name.middleName"),
    displayName: str(input.displayName, "displayName"),
    title: str(input.title, "title"),
  };
  for (const field of Object.values(PHONE_FIELD)) profile[field] = null;
  if (Array.isArray(input.phoneNumbers)) {
    for (const p of input.phoneNumbers as { value?: unknown; type?: unknown }[]) {
      const field = PHONE_FIELD[String(p?.type ?? "work").toLowerCase()] ?? "phoneOther";
      profile[field] = str(p?.value, "phoneNumbers.value");
    }
  }
  const ext = input[ENTERPRISE_SCHEMA] ?? {};
  const manager = ext.manager;
  const managerId = typeof manager === "object" && manager !== null ? (manager as { value?: unknown }).value : manager;
  const attributes: Record<string, unknown> = {
    [OTHER_EMAILS]: otherEmails(input, email),
    ...Object.fromEntries(KEPT_AS_ATTRIBUTES.map((a) => [`scim.${a}`, (input as Record<string, unknown>)[a] ?? null])),
    [ENTERPRISE_KEYS.employeeNumber]: str(ext.employeeNumber, "employeeNumber"),
    [ENTERPRISE_KEYS.department]: str(ext.department, "department"),
    [ENTERPRISE_KEYS.manager]: str(managerId, "manager"),
  };
  return { profile, attributes, externalId: str(input.externalId, "externalId"), active: activeOf(input.active) };
}

/** SCIM User attributes (lower-cased) → the member fields a filter reads. */
const FILTER_NAMES: Record<string, MemberField | MemberComplexField> = {
  id: "id",
  username: "userName",
  emails: "emails",
  externalid: "externalId",
  "name.givenname": "firstName",
  "name.familyname": "lastName",
  "name.middlename": "middleName",
  "name.formatted": "fullName",
  displayname: "displayName",
  title: "title",
  active: "active",
  "meta.created": "createdAt",
  "meta.lastmodified": "updatedAt",
  [`${ENTERPRISE_SCHEMA}:employeenumber`.toLowerCase()]: "attributes.enterprise.employeeNumber",
  [`${ENTERPRISE_SCHEMA}:department`.toLowerCase()]: "attributes.enterprise.department",
  [`${ENTERPRISE_SCHEMA}:manager.value`.toLowerCase()]: "attributes.enterprise.manager",
};

/** Inside emails[…]: the email's value, type and primary flag. */
const EMAIL_NAMES: Record<string, MemberEmailField> = { value: "value", type: "type", primary: "primary" };

/** SCIM sortBy (lower-cased) → the member order. */
const SORT_NAMES: Record<string, MemberSort> = {
  emails: "email",
  "emails.value": "email",
  "name.familyname": "lastName",
  "name.givenname": "firstName",
  displayname: "displayName",
  title: "title",
  username: "userName",
  "meta.created": "createdAt",
  "meta.lastmodified": "updatedAt",
  id: "id",
};

const USER_NAMES: ResourceNames<MemberField | MemberComplexField, MemberSort> = {
  fields: FILTER_NAMES,
  values: { emails: EMAIL_NAMES },
  sorts: SORT_NAMES,
  cannotSort: "Cannot sort by",
  eachValue: ["emails"],
};

export async function listScimUsers(actor: MemberActor, q: ListQuery, base: string) {
  const { rows, total } = await selectMembers(actor, selectionOf(q, USER_NAMES, "id"));
  return listResponse(
    rows.map((m) => toScimUser(m, base)),
    total,
    q.startIndex,
  );
}

export async function getScimUser(actor: MemberActor, id: string): Promise<MemberView> {
  const userId = parseId(id);
  if (userId === null) throw new ScimError(404, undefined, `User ${id} not found`);
  return getMember(actor, userId);
}

export async function createScimUser(actor: MemberActor, input: UserInput): Promise<MemberView> {
  const want = desiredState(input);
  const { email, ...rest } = want.profile;
  const created = await addMember(
    actor,
    {
      email: email ?? undefined,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null)),
      attributes: Object.fromEntries(Object.entries(want.attributes).filter(([, v]) => v !== null)) as JsonRecord,
    },
    // One transaction: a member provisioned inactive is created SUSPENDED.
    { externalId: want.externalId, status: want.active === false ? "SUSPENDED" : "ACTIVE" },
  );
  return getScimUser(actor, String(created.userId));
}

/** Brings a member to the state a full resource describes; only what differs is written. */
export async function applyScimUser(
  actor: MemberActor,
  current: MemberView,
  input: UserInput,
  expectedVersion?: number,
): Promise<MemberView> {
  const want = desiredState(input);
  const changed: Record<string, string | null> = {};
  for (const [field, value] of Object.entries(want.profile)) {
    const now = current[field as keyof MemberView] ?? null;
    if (field === "email" ? value?.toLowerCase() !== now : value !== now) changed[field] = value;
  }
  // A member shown with their email as userName (none of their own) keeps it so.
  if (current.username === null && changed.username?.toLowerCase() === current.email) delete changed.username;
  const attrs = current.attributes as Record<string, unknown>;
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const attributes = Object.fromEntries(Object.entries(want.attributes).filter(([k, v]) => !same(attrs[k], v)));
  const externalChanged = want.externalId !== (current.externalId ?? null);
  const statusChanges = want.active !== undefined && activeChanges(current.status, want.active);
  const profileChanges = Object.keys(changed).length > 0 || Object.keys(attributes).length > 0 || externalChanged;
  if (!statusChanges && !profileChanges) {
    if (expectedVersion !== undefined && expectedVersion !== current.version)
      throw new ScimError(412, undefined, "The resource changed since that version (If-Match)");
    return current;
  }
  // One domain verb, one transaction: profile, externalId and status together.
  await updateProfile(
    actor,
    current.userId,
    { ...changed, ...(Object.keys(attributes).length ? { attributes: attributes as JsonRecord } : {}) },
    {
      expectedVersion,
      ...(externalChanged ? { externalId: want.externalId } : {}),
      ...(statusChanges ? { active: want.active } : {}),
    },
  );
  return getScimUser(actor, String(current.userId));
}

/**
 * A PUT or PATCH: `compute` turns the member as they are into the resource
 * wanted, and the write holds only if nobody changed the member in between
 * (their version); otherwise it is computed again from what they are now. So
 * parallel PATCHes each apply to the others' result, none is lost. A caller's
 * own If-Match is answered as it is (412), never retried.
 */
export async function updateScimUser(
  actor: MemberActor,
  id: string,
  compute: (current: MemberView) => UserInput,
  ifMatch?: number,
): Promise<MemberView> {
  for (let attempt = 1; ; attempt++) {
    const current = await getScimUser(actor, id);
    if (ifMatch !== undefined) return applyScimUser(actor, current, compute(current), ifMatch);
    try {
      return await applyScimUser(actor, current, compute(current), current.version);
    } catch (e) {
      const raced =
        (e instanceof DomainError && e.code === "precondition_failed") || (e instanceof ScimError && e.status === 412);
      if (!raced) throw e;
      if (attempt >= MAX_ATTEMPTS)
        throw new ScimError(409, undefined, "The user kept changing while this request ran; send it again");
    }
  }
}

const MAX_ATTEMPTS = 25;

export async function deleteScimUser(actor: MemberActor, id: string, expectedVersion?: number): Promise<void> {
  const current = await getScimUser(actor, id);
  try {
    await deleteMember(actor, current.userId, { expectedVersion });
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") throw new ScimError(404, undefined, e.message);
    throw e;
  }
}

export const userEtag = etag;
