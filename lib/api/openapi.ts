import "server-only";
import { z } from "zod";
import {
  accountSchema,
  addedUserSchema,
  addUserBodySchema,
  invitedUserSchema,
  inviteUserBodySchema,
  joinConfirmBodySchema,
  joinConfirmSchema,
  joinRequestBodySchema,
  joinRequestSchema,
  memberSchema,
  patchUserBodySchema,
  refreshedKeySchema,
  userIdBodySchema,
  userSchema,
} from "./account/schemas";
import {
  RECORD_SORT_FIELDS,
  recordBodySchema,
  recordListSchema,
  recordSchema,
  recordWithLinksSchema,
} from "./accounts/schemas";
import {
  groupBodySchema,
  groupListSchema,
  groupSchema,
  groupWithLinksSchema,
  policyBodySchema,
  policyListSchema,
  policySchema,
  policyWithLinksSchema,
} from "./groups/schemas";
import { memberPageSchema } from "./members/schemas";
import {
  emailIdOnlySchema,
  getSmartcardSchema,
  modifyAllUsernamesSchema,
  modifyRankSchema,
  modifySmartcardSchema,
  multipleUsersSchema,
  orgUserDetailSchema,
  orgUserRowSchema,
  smartcardsAnswerSchema,
  successSchema,
  userSelectorSchema,
} from "./org/schemas";

// The OpenAPI 3.1 document, generated from the zod schemas the handlers validate with.

type Schema = z.ZodType;

interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  query?: Record<string, { schema: object; description: string } | undefined>;
  /** Seed 001: the same parameters as query parameters. */
  queryFrom?: Schema;
  body?: Schema;
  /** Seed 001: the body may also be a form (lists as serialized JSON strings). */
  form?: boolean;
  ok: { status: number; schema?: Schema; description: string; contentType?: string };
  errors: number[];
  public?: boolean;
}

export const errorSchema = z.object({
  error: z.string().describe("What went wrong, for people"),
  code: z.string().describe("What went wrong, for programs (snake_case)"),
  details: z.array(z.object({ field: z.string(), message: z.string() })),
});

const ACCOUNTS = "Accounts (records)";
const ORG = "Organization users";
const GROUPS = "Groups and policies";
const ACCOUNT = "Account and users";
const WRITE_ERRORS = [400, 401, 403, 404, 409, 413, 422];

const userAction = (action: string, summary: string): Operation => ({
  method: "post",
  path: `/api/v1/account/users/${action}`,
  summary,
  tag: ACCOUNT,
  body: userIdBodySchema,
  ok: { status: 200, schema: memberSchema, description: "The member after the change" },
  errors: WRITE_ERRORS,
});

function crud(
  base: string,
  noun: string,
  tag: string,
  one: Schema,
  withLinks: Schema,
  list: Schema,
  body: Schema,
): Operation[] {
  const paging = {
    page: { schema: { type: "integer", minimum: 1, default: 1 }, description: "Page number, from 1" },
    limit: { schema: { type: "integer", minimum: 1, maximum: 100, default: 20 }, description: "Items per page" },
  };
  return [
    {
      method: "get",
      path: base,
      summary: `List the account's ${noun === "policy" ? "policies" : `${noun}s`}, by name`,
      tag,
      query: paging,
      ok: { status: 200, schema: list, description: "One page" },
      errors: [400, 401, 403, 422],
    },
    {
      method: "post",
      path: base,
      summary: `Create a ${noun}`,
      tag,
      body,
      ok: { status: 201, schema: withLinks, description: `The new ${noun}` },
      errors: WRITE_ERRORS,
    },
    {
      method: "get",
      path: `${base}/{id}`,
      summary: `One ${noun}`,
      tag,
      ok: { status: 200, schema: one, description: `The ${noun}` },
      errors: [400, 401, 403, 404, 422],
    },
    {
      method: "put",
      path: `${base}/{id}`,
      summary: `Replace a ${noun}: assignments not sent are emptied (If-Match honoured)`,
      tag,
      body,
      ok: { status: 200, schema: withLinks, description: `The ${noun}` },
      errors: [...WRITE_ERRORS, 412],
    },
    {
      method: "patch",
      path: `${base}/{id}`,
      summary: `Rename a ${noun} and/or replace its assignments (If-Match honoured)`,
      tag,
      body,
      ok: { status: 200, schema: withLinks, description: `The ${noun}` },
      errors: [...WRITE_ERRORS, 412],
    },
    {
      method: "delete",
      path: `${base}/{id}`,
      summary: `Delete a ${noun} (If-Match honoured)`,
      tag,
      ok: { status: 204, description: "Deleted; empty body" },
      errors: [400, 401, 403, 404, 412],
    },
  ];
}

const CURSOR_PARAM = {
  schema: { type: "string" },
  description:
    "Keyset paging, as an alternative to `page`: send `cursor=` (empty) for the first page, then follow " +
    "`pagination.links.next`, which carries the cursor of the page after. A cursor page costs the same at any " +
    "depth and never skips or repeats a row when members are added or removed meanwhile; `prev` is null (cursors " +
    "go forward). Sorts by id, email, firstName, lastName, role, status, createdAt and updatedAt can be resumed. " +
    "`page` also stays fast at depth: large lists are answered from an ordered index, not by scanning.",
};

const MEMBER_QUERY: Record<string, { schema: object; description: string } | undefined> = {
  page: { schema: { type: "integer", minimum: 1, default: 1 }, description: "Page number, from 1" },
  limit: { schema: { type: "integer", minimum: 1, maximum: 100, default: 25 }, description: "Members per page" },
  sort: {
    schema: { type: "string", default: "lastName" },
    description:
      "Comma-separated fields, `-` for descending (id, email, firstName, lastName, role, status, createdAt, …)",
  },
  status: { schema: { type: "string", examples: ["ACTIVE,SUSPENDED"] }, description: "Comma-separated statuses" },
  role: { schema: { type: "string", examples: ["ADMIN,SUPER"] }, description: "Comma-separated roles" },
  group: { schema: { type: "integer" }, description: "Only members of this group" },
  q: { schema: { type: "string" }, description: "Name or email contains this (case-insensitive)" },
  "{attribute}": {
    schema: { type: "string", examples: ["Sm*"] },
    description:
      "Filter by a profile attribute (email, firstName, lastName, title, department, …), as in the records list: " +
      "exact, or a prefix with a trailing `*`. Combines with status, role, group and q (AND).",
  },
  cursor: CURSOR_PARAM,
};

const idParam = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "integer", minimum: 1 },
  description: "The user's id",
};

export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/v1/account/accounts",
    summary: "List the account's records, paged, sorted and filtered",
    tag: ACCOUNTS,
    query: {
      page: { schema: { type: "integer", minimum: 1, default: 1 }, description: "Page number, from 1" },
      limit: { schema: { type: "integer", minimum: 1, maximum: 100, default: 20 }, description: "Records per page" },
      sort: {
        schema: { type: "string", examples: ["-lastName", "lastName,firstName"] },
        description: `Comma-separated attributes (${RECORD_SORT_FIELDS.join(", ")}); a leading "-" sorts descending. Ties break by id. Names and emails sort case-insensitively, by code point; a missing value sorts last (first when descending).`,
      },
      cursor: CURSOR_PARAM,
      "{attribute}": {
        schema: { type: "string" },
        description:
          "Filter by any listed attribute or custom attribute, e.g. `lastName=Smith`. Matching is exact and case-sensitive " +
          "(emails compare lower-cased); a trailing `*` matches a prefix (`lastName=Sm*`). Custom attributes match exactly " +
          "(`3` also matches the number 3, `true` the boolean). Several filters combine with AND.",
      },
    },
    ok: { status: 200, schema: recordListSchema, description: "One page of records" },
    errors: [400, 401, 403, 422],
  },
  {
    method: "post",
    path: "/api/v1/account/accounts",
    summary: "Add a record: an ACTIVE member (no attribute required; other keys are custom attributes)",
    tag: ACCOUNTS,
    body: recordBodySchema,
    ok: { status: 201, schema: recordWithLinksSchema, description: "The full record, with its ETag and Location" },
    errors: WRITE_ERRORS,
  },
  {
    method: "get",
    path: "/api/v1/account/accounts/{id}",
    summary: "One record (with an ETag)",
    tag: ACCOUNTS,
    ok: { status: 200, schema: recordSchema, description: "The record" },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: "put",
    path: "/api/v1/account/accounts/{id}",
    summary: "Replace a record: attributes not sent are cleared (If-Match honoured)",
    tag: ACCOUNTS,
    body: recordBodySchema,
    ok: { status: 200, schema: recordWithLinksSchema, description: "The full record" },
    errors: [...WRITE_ERRORS, 412],
  },
  {
    method: "patch",
    path: "/api/v1/account/accounts/{id}",
    summary: "Change only the attributes sent (If-Match honoured; a custom attribute set to null is removed)",
    tag: ACCOUNTS,
    body: recordBodySchema,
    ok: { status: 200, schema: recordWithLinksSchema, description: "The full record" },
    errors: [...WRITE_ERRORS, 412],
  },
  {
    method: "delete",
    path: "/api/v1/account/accounts/{id}",
    summary: "Delete from the account (the person's global user is kept; If-Match honoured)",
    tag: ACCOUNTS,
    ok: { status: 204, description: "Deleted; empty body" },
    errors: [400, 401, 403, 404, 409, 412],
  },
  {
    method: "get",
    path: "/api/v1/account",
    summary: "The account with its users (API keys only for ADMIN and SUPER callers)",
    tag: ACCOUNT,
    query: {
      users_page: { schema: { type: "integer", minimum: 1, default: 1 }, description: "Page of users, by id" },
      users_limit: {
        schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 },
        description: "Users per page: an account of every size answers quickly; users_total says how many there are",
      },
    },
    ok: { status: 200, schema: accountSchema, description: "The account" },
    errors: [400, 401, 403],
  },
  {
    method: "get",
    path: "/api/v1/user",
    summary: "The caller (or ?user_id= of a member), without membership data",
    tag: ACCOUNT,
    query: {
      user_id: { schema: { type: "integer", minimum: 1 }, description: "Another member's id (REGULAR and above)" },
    },
    ok: { status: 200, schema: userSchema, description: "The user" },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: "patch",
    path: "/api/v1/user",
    summary: "Update a user's profile fields (default: the caller)",
    tag: ACCOUNT,
    body: patchUserBodySchema,
    ok: { status: 200, schema: userSchema, description: "The user after the change" },
    errors: WRITE_ERRORS,
  },
  {
    method: "post",
    path: "/api/v1/account/users",
    summary: "Add a user to the account: ACTIVE at once, with an API key",
    tag: ACCOUNT,
    body: addUserBodySchema,
    ok: { status: 201, schema: addedUserSchema, description: "The new member and its API key" },
    errors: WRITE_ERRORS,
  },
  {
    method: "post",
    path: "/api/v1/account/users/invite",
    summary: "Invite a user: an INVITED membership and a pending invitation",
    tag: ACCOUNT,
    body: inviteUserBodySchema,
    ok: { status: 201, schema: invitedUserSchema, description: "The invited member and the invitation" },
    errors: WRITE_ERRORS,
  },
  userAction("activate", "Activate a member, whatever its status"),
  userAction("remove", "Remove (disable) a member"),
  userAction("approve", "Approve a request to join (REQUESTED → ACTIVE)"),
  userAction("deny", "Deny a request to join (REQUESTED → DECLINED)"),
  userAction("promote", "Promote an ACTIVE member below ADMIN to ADMIN"),
  userAction("demote", "Demote an ACTIVE ADMIN to REGULAR"),
  {
    method: "post",
    path: "/api/v1/account/users/refresh-api-key",
    summary: "Issue a new API key; the old one stops working at once",
    tag: ACCOUNT,
    body: userIdBodySchema,
    ok: { status: 200, schema: refreshedKeySchema, description: "The new key, shown once" },
    errors: WRITE_ERRORS,
  },
  {
    method: "post",
    path: "/api/v1/org/modifyallusernames",
    summary: "Replace a user's computer usernames (an empty array deletes all)",
    tag: ORG,
    body: modifyAllUsernamesSchema,
    form: true,
    ok: { status: 200, schema: successSchema, description: "{success}" },
    errors: WRITE_ERRORS,
  },
  {
    method: "post",
    path: "/api/v1/org/modifyrank",
    summary: "Set an ACTIVE user's rank (REGULAR, ADMIN, SUPER; also GUEST, DEVELOPER; USER means REGULAR)",
    tag: ORG,
    body: modifyRankSchema,
    form: true,
    ok: { status: 200, schema: successSchema, description: "{success}" },
    errors: WRITE_ERRORS,
  },
  {
    method: "get",
    path: "/api/v1/org/modifysmartcard",
    summary: "A user's smartcards and PINs",
    tag: ORG,
    queryFrom: getSmartcardSchema,
    ok: { status: 200, schema: smartcardsAnswerSchema, description: "The smartcards" },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: "post",
    path: "/api/v1/org/modifysmartcard",
    summary:
      "Replace a user's smartcards (digit strings, unique in the account unless allow_duplicates; [] deletes all)",
    tag: ORG,
    body: modifySmartcardSchema,
    form: true,
    ok: { status: 200, schema: successSchema, description: "{success}" },
    errors: WRITE_ERRORS,
  },
  {
    method: "get",
    path: "/api/v1/org/multipleusers",
    summary: "Every user of the organization (user_tag=GUEST: the guests; USER: everyone else)",
    tag: ORG,
    queryFrom: multipleUsersSchema,
    ok: { status: 200, schema: z.array(orgUserRowSchema), description: "The users" },
    errors: [400, 401, 403, 422],
  },
  {
    method: "post",
    path: "/api/v1/org/promoteguest",
    summary: "Promote a GUEST to a regular user",
    tag: ORG,
    body: emailIdOnlySchema,
    form: true,
    ok: { status: 200, schema: successSchema, description: "{success}" },
    errors: WRITE_ERRORS,
  },
  {
    method: "post",
    path: "/api/v1/org/togglesuspension",
    summary: "Suspend an ACTIVE user or unsuspend a SUSPENDED one",
    tag: ORG,
    body: emailIdOnlySchema,
    form: true,
    ok: { status: 200, schema: successSchema, description: "{success}" },
    errors: WRITE_ERRORS,
  },
  {
    method: "get",
    path: "/api/v1/org/user",
    summary: "One user's policies (direct and through groups), computer usernames and smartcards",
    tag: ORG,
    queryFrom: emailIdOnlySchema,
    ok: { status: 200, schema: orgUserDetailSchema, description: "The user's details" },
    errors: [400, 401, 403, 404, 422],
  },
  {
    method: "delete",
    path: "/api/v1/org/user",
    summary: "Delete a user from the organization (not from Roster) by email_id or email; email_id wins",
    tag: ORG,
    queryFrom: userSelectorSchema,
    ok: { status: 200, schema: successSchema, description: "{success}" },
    errors: [400, 401, 403, 404, 409, 422],
  },
  ...crud("/api/v1/groups", "group", GROUPS, groupSchema, groupWithLinksSchema, groupListSchema, groupBodySchema),
  ...crud(
    "/api/v1/policies",
    "policy",
    GROUPS,
    policySchema,
    policyWithLinksSchema,
    policyListSchema,
    policyBodySchema,
  ),
  {
    method: "get",
    path: "/api/v1/members",
    summary: "Members with role and status: paged, sorted, filtered (the console's table)",
    tag: ACCOUNT,
    query: MEMBER_QUERY,
    ok: { status: 200, schema: memberPageSchema, description: "One page of members" },
    errors: [400, 401, 403, 422],
  },
  {
    method: "get",
    path: "/api/v1/members/export",
    summary: "The members matching the same filters, as CSV (every page)",
    tag: ACCOUNT,
    query: { ...MEMBER_QUERY, page: undefined, limit: undefined, cursor: undefined },
    ok: {
      status: 200,
      description: "CSV: id,email,firstName,lastName,role,status,title,department,createdAt",
      contentType: "text/csv",
    },
    errors: [400, 401, 403, 422],
  },
  {
    method: "post",
    path: "/api/v1/join-requests",
    summary:
      "Ask to join an account: signed in, the request waits in REQUESTED; otherwise a link to confirm it is mailed to the email",
    tag: ACCOUNT,
    public: true,
    body: joinRequestBodySchema,
    ok: { status: 202, schema: joinRequestSchema, description: "The request, or the confirmation link, is on its way" },
    errors: [400, 403, 404, 409, 413, 422],
  },
  {
    method: "post",
    path: "/api/v1/join-requests/confirm",
    summary:
      "Follow a mailed join link: the request is made (REQUESTED); a person with no password of their own sets one",
    tag: ACCOUNT,
    public: true,
    body: joinConfirmBodySchema,
    ok: { status: 201, schema: joinConfirmSchema, description: "The request, waiting for an admin" },
    errors: [400, 410, 413, 422],
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This document",
    tag: "Reference",
    public: true,
    ok: { status: 200, description: "OpenAPI 3.1" },
    errors: [],
  },
];

const STATUS_TEXT: Record<number, string> = {
  400: "Bad request (malformed JSON, unknown parameter or sort field)",
  401: "No valid API key or session",
  403: "Your role may not do this",
  404: "Not found (resources of other accounts are never visible)",
  409: "Refused by the membership rules (state, last SUPER, yourself, already a member)",
  412: "If-Match does not match the current ETag",
  413: "Body larger than 64 KiB",
  410: "The link has expired or was already used",
  422: "Invalid input; details name each field",
  429: "Too many requests: wait Retry-After seconds",
  503: "The database is unavailable: retry after Retry-After seconds",
};

function jsonSchema(schema: Schema, io: "input" | "output") {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

/** The form version of a body: every value a string, lists as serialized JSON. */
function formSchema(schema: Schema) {
  const json = jsonSchema(schema, "input") as {
    properties?: Record<string, { type?: unknown; description?: string }>;
    required?: string[];
  };
  const properties: Record<string, object> = {};
  for (const [name, prop] of Object.entries(json.properties ?? {})) {
    const isList = prop.type === "array";
    properties[name] = { type: "string", description: isList ? "A serialized JSON array" : prop.description };
  }
  return { type: "object", properties, required: json.required ?? [] };
}

/** The IETF RateLimit header fields every answer carries (draft-ietf-httpapi-ratelimit-headers). */
const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { $ref: "#/components/headers/RateLimit-Limit" },
  "RateLimit-Remaining": { $ref: "#/components/headers/RateLimit-Remaining" },
  "RateLimit-Reset": { $ref: "#/components/headers/RateLimit-Reset" },
};

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters: object[] = [];
    if (op.path.includes("{id}")) parameters.push(idParam);
    if (op.queryFrom) {
      const schema = jsonSchema(op.queryFrom, "input") as { properties?: Record<string, object>; required?: string[] };
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        parameters.push({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: prop });
      }
    }
    for (const [name, q] of Object.entries(op.query ?? {})) {
      if (!q) continue;
      if (name === "{attribute}") {
        parameters.push({
          name: "filters",
          in: "query",
          style: "form",
          explode: true,
          schema: { type: "object", additionalProperties: q.schema },
          description: q.description,
        });
      } else {
        parameters.push({ name, in: "query", required: false, schema: q.schema, description: q.description });
      }
    }
    const responses: Record<string, object> = {
      [op.ok.status]: {
        description: op.ok.description,
        headers: RATE_LIMIT_HEADERS,
        ...(op.ok.schema ? { content: { "application/json": { schema: jsonSchema(op.ok.schema, "output") } } } : {}),
        ...(op.ok.contentType ? { content: { [op.ok.contentType]: { schema: { type: "string" } } } } : {}),
      },
    };
    // Every operation may be limited (429) and may find the database away (503).
    for (const status of [...new Set([...op.errors, 429, 503])].sort((a, b) => a - b)) {
      responses[status] = {
        description: STATUS_TEXT[status],
        headers:
          status === 429 || status === 503
            ? { ...RATE_LIMIT_HEADERS, "Retry-After": { $ref: "#/components/headers/Retry-After" } }
            : RATE_LIMIT_HEADERS,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: jsonSchema(op.body, "input") },
                ...(op.form ? { "application/x-www-form-urlencoded": { schema: formSchema(op.body) } } : {}),
              },
            },
          }
        : {}),
      responses,
    };
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Roster API",
      version: "1.0.0",
      description:
        "Manage the people of an account. Authenticate with an API key: `Authorization: Bearer <keyId>.<secret>`, " +
        "`X-API-Key: <keyId>.<secret>`, `X-API-Key: <keyId>` with `X-API-Secret: <secret>`, or `admin_api_key: <keyId>.<secret>`. " +
        "Errors answer `{error, code, details}`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { apiKey: [] }, { splitKey: [], splitSecret: [] }, { adminApiKey: [] }, { session: [] }],
    tags: [
      { name: ACCOUNTS, description: "Seed 003's records dialect (camelCase)" },
      { name: ACCOUNT, description: "Seed 000's account dialect (snake_case)" },
    ],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema, "output") },
      headers: {
        "RateLimit-Limit": {
          description:
            "Requests allowed in the current window (the tightest limit that applies: per key or person, else per address)",
          schema: { type: "integer" },
        },
        "RateLimit-Remaining": { description: "Requests left in the current window", schema: { type: "integer" } },
        "RateLimit-Reset": { description: "Seconds until the window resets", schema: { type: "integer" } },
        "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } },
      },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "`<keyId>.<secret>`" },
        apiKey: {
          type: "apiKey",
          in: "header",
          name: "X-API-Key",
          description: "`<keyId>.<secret>`, or the key id with X-API-Secret",
        },
        splitKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        splitSecret: { type: "apiKey", in: "header", name: "X-API-Secret" },
        adminApiKey: { type: "apiKey", in: "header", name: "admin_api_key" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The console's session",
        },
      },
    },
  };
  return cached;
}
