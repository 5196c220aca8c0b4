import "server-only";
import { addMember } from "../../domain/members/add-member";
import { deleteMember } from "../../domain/members/delete-member";
import { orderTerms, withTieBreak } from "../../domain/members/list-query";
import { selectMembers } from "../../domain/members/select-members";
import type { MemberView } from "../../domain/members/view";
import { getMember } from "../../domain/users/get-user";
import { type UpdateProfileInput, updateProfile } from "../../domain/users/update-profile";
import { Prisma } from "../../generated/prisma/client";
import type { MemberActor } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { parseId } from "../../platform/validation";
import { badRequest, ScimError } from "./errors";
import { type Columns, compileFilter, parseFilter } from "./filter";
import { ENTERPRISE_SCHEMA, listResponse, MAX_RESULTS, USER_SCHEMA } from "./schemas";

// SCIM Users over the domain module: userName ↔ the member's username (unique
// in the account; a member without one shows their email), emails ↔ the
// person's login email, name ↔ names, active=false ↔ SUSPENDED (true restores
// ACTIVE), externalId per account, the enterprise extension as custom attributes.

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
export function desiredState(input: UserInput) {
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

const USER_COLUMNS: Columns = {
  id: { sql: Prisma.sql`m."userId"`, kind: "id" },
  username: {
    // The username, else (a member without one) the email it shows as userName: both index lookups.
    sql: Prisma.sql`COALESCE(m."usernameKey", m."sortEmail")`,
    kind: "lower",
    // lower() in SQL, as the stored keys were computed.
    eq: (v: string) =>
      Prisma.sql`(m."usernameKey" = lower(${v}) OR (m."usernameKey" IS NULL AND m."sortEmail" = lower(${v})))`,
  },
  emails: { sql: Prisma.sql`m."sortEmail"`, kind: "lower" },
  "emails.value": { sql: Prisma.sql`m."sortEmail"`, kind: "lower" },
  externalid: { sql: Prisma.sql`m."externalId"`, kind: "exact" },
  "name.givenname": { sql: Prisma.sql`m."firstName"`, kind: "text" },
  "name.familyname": { sql: Prisma.sql`m."lastName"`, kind: "text" },
  "name.middlename": { sql: Prisma.sql`m."middleName"`, kind: "text" },
  "name.formatted": { sql: Prisma.sql`concat_ws(' ', m."firstName", m."middleName", m."lastName")`, kind: "text" },
  displayname: { sql: Prisma.sql`m."displayName"`, kind: "text" },
  title: { sql: Prisma.sql`m."title"`, kind: "text" },
  active: { sql: Prisma.sql`(m.status = 'ACTIVE')`, kind: "boolean" },
  "meta.created": { sql: Prisma.sql`m."createdAt"`, kind: "date" },
  "meta.lastmodified": { sql: Prisma.sql`m."updatedAt"`, kind: "date" },
  [`${ENTERPRISE_SCHEMA}:employeenumber`.toLowerCase()]: {
    sql: Prisma.sql`(m.attributes->>'enterprise.employeeNumber')`,
    kind: "exact",
  },
  [`${ENTERPRISE_SCHEMA}:department`.toLowerCase()]: {
    sql: Prisma.sql`(m.attributes->>'enterprise.department')`,
    kind: "text",
  },
  [`${ENTERPRISE_SCHEMA}:manager.value`.toLowerCase()]: {
    sql: Prisma.sql`(m.attributes->>'enterprise.manager')`,
    kind: "exact",
  },
};

/** A member's one email, as SCIM shows it: type "work", primary. */
const EMAIL_COLUMNS: Columns = {
  value: { sql: Prisma.sql`m."sortEmail"`, kind: "lower" },
  type: { sql: Prisma.sql`'work'`, kind: "lower" },
  primary: { sql: Prisma.sql`true`, kind: "boolean" },
};

/** emails[type eq "work" and value co "@x"]: the inner filter over the member's email. */
const emailsFilter = (path: string, inner: Parameters<typeof compileFilter>[0]) =>
  path === "emails" ? compileFilter(inner, EMAIL_COLUMNS) : null;

/** SCIM sortBy → the order, blanks last in both directions (name keys descend through their own index). */
const SORTS: Record<string, { asc: Prisma.Sql; desc: Prisma.Sql }> = {
  emails: byKey("sortEmail"),
  "emails.value": byKey("sortEmail"),
  "name.familyname": byName("lastName"),
  "name.givenname": byName("firstName"),
  displayname: nullable(Prisma.sql`m."displayName"`),
  title: nullable(Prisma.sql`m."title"`),
  username: {
    asc: Prisma.sql`COALESCE(m."usernameKey", m."sortEmail") ASC`,
    desc: Prisma.sql`roster_desc_key(COALESCE(m."usernameKey", m."sortEmail")) DESC`,
  },
  "meta.created": never(Prisma.sql`m."createdAt"`),
  "meta.lastmodified": never(Prisma.sql`m."updatedAt"`),
  id: never(Prisma.sql`m."userId"`),
};

function byKey(column: string) {
  const c = Prisma.raw(`m."${column}"`);
  return { asc: Prisma.sql`${c} ASC`, desc: Prisma.sql`roster_desc_key(${c}) DESC` };
}
/** The member list's own name order: folded keys, the other name breaking ties. */
function byName(field: "lastName" | "firstName") {
  const order = (desc: boolean) => orderTerms(withTieBreak([{ field, desc }]));
  return { asc: order(false), desc: order(true) };
}
function nullable(c: Prisma.Sql) {
  return { asc: Prisma.sql`${c} ASC NULLS LAST`, desc: Prisma.sql`${c} DESC NULLS LAST` };
}
function never(c: Prisma.Sql) {
  return { asc: Prisma.sql`${c} ASC`, desc: Prisma.sql`${c} DESC` };
}

export interface ListQuery {
  filter?: string;
  startIndex: number;
  count: number;
  sortBy?: string;
  descending: boolean;
}

export async function listScimUsers(actor: MemberActor, q: ListQuery, base: string) {
  const where = q.filter ? compileFilter(parseFilter(q.filter), USER_COLUMNS, emailsFilter) : Prisma.sql`true`;
  const sort = q.sortBy ? SORTS[q.sortBy.toLowerCase()] : SORTS.id;
  if (!sort) throw badRequest("invalidValue", `Cannot sort by ${q.sortBy}`);
  const orderBy = q.descending ? sort.desc : sort.asc;
  const { rows, total } = await selectMembers(actor, {
    where,
    orderBy,
    descending: q.descending,
    offset: q.startIndex - 1,
    limit: Math.min(q.count, MAX_RESULTS),
  });
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
  const statusChanges =
    (want.active === true && current.status !== "ACTIVE") || (want.active === false && current.status === "ACTIVE");
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
