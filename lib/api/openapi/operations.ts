import "server-only";
import { z } from "zod";
import {
  endedSessionsSchema,
  factorSchema,
  factorsAnswerSchema,
  recoveryCodesAnswerSchema,
  reverifyAnswerSchema,
  reverifyBodySchema,
  secondFactorBodySchema,
  securityPolicySchema,
  sessionSchema,
  sessionsAnswerSchema,
  signInAnswerSchema,
  signInBodySchema,
  totpStartAnswerSchema,
  totpStartBodySchema,
  totpVerifyAnswerSchema,
  totpVerifyBodySchema,
} from "../login/schemas";
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
} from "../org/schemas";
import { pagingQuerySchema } from "../pagination";
import {
  recordBodySchema,
  recordListSchema,
  recordQuerySchema,
  recordSchema,
  recordWithLinksSchema,
} from "../records/schemas";
import { auditQuerySchema } from "../roster/audit/query";
import {
  groupBodySchema,
  groupListSchema,
  groupSchema,
  groupWithLinksSchema,
  policyBodySchema,
  policyListSchema,
  policySchema,
  policyWithLinksSchema,
} from "../roster/groups/schemas";
import { memberExportQuerySchema, memberPageSchema, memberQuerySchema } from "../roster/members/schemas";
import {
  accountQuerySchema,
  accountSchema,
  addedAsInvitedSchema,
  addedUserSchema,
  addUserAnswerSchema,
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
  userQuerySchema,
  userSchema,
} from "../users-api/schemas";

// Every operation of /api/v1 and GraphQL, in one list the OpenAPI document is
// built from (document.ts). Statuses every operation can answer (400, 429,
// 503; 401/403 unless public; 413/422 with a body) are added there.

export type Schema = z.ZodType;

export interface Operation {
  /** Stable: generated clients name their methods after it. */
  id: string;
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  /** The query parameters: the zod object the handler parses them with. */
  query?: Schema;
  body?: Schema;
  /** Seed 001: the body may also be a form (lists as serialized JSON strings). */
  form?: boolean;
  ok: {
    status: number;
    schema?: Schema;
    description: string;
    contentType?: string;
    /** The answer carries the resource's ETag. */
    etag?: boolean;
    /** A 201 names the new resource in Location (default); false where the caller has nothing to read. */
    location?: boolean;
  };
  /** Statuses beyond the ones every operation can answer. */
  errors: number[];
  /** Honours If-Match (412 when it names another version). */
  ifMatch?: boolean;
  /** Honours Idempotency-Key. */
  idempotent?: boolean;
  public?: boolean;
  /** Only a console session (never an API key): the person's own login. */
  sessionOnly?: boolean;
}

export const TAGS = {
  records: "Records (seed 003)",
  account: "Account and users (seed 000)",
  org: "Organization users (seed 001)",
  groups: "Groups and policies",
  members: "Members (the console's table)",
  audit: "Audit log",
  join: "Joining an account",
  graphql: "GraphQL (seed 002)",
  reference: "Reference",
  signIn: "Sign-in and your login",
} as const;

const userAction = (action: string, id: string, summary: string): Operation => ({
  id,
  method: "post",
  path: `/api/v1/account/users/${action}`,
  summary,
  tag: TAGS.account,
  body: userIdBodySchema,
  ok: { status: 200, schema: memberSchema, description: "The member after the change" },
  errors: [404, 409],
});

/** A seed 001 write: a JSON or form body, `{success}` on 200. */
const orgWrite = (id: string, action: string, summary: string, body: Schema): Operation => ({
  id,
  method: "post",
  path: `/api/v1/org/${action}`,
  summary,
  tag: TAGS.org,
  body,
  form: true,
  ok: { status: 200, schema: successSchema, description: "{success}" },
  errors: [404, 409],
});

function crud(
  base: string,
  noun: "group" | "policy",
  one: Schema,
  withLinks: Schema,
  list: Schema,
  body: Schema,
): Operation[] {
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  const plural = noun === "policy" ? "policies" : `${noun}s`;
  return [
    {
      id: `list${Noun === "Policy" ? "Policies" : `${Noun}s`}`,
      method: "get",
      path: base,
      summary: `List the account's ${plural}, by name`,
      tag: TAGS.groups,
      query: pagingQuerySchema,
      ok: { status: 200, schema: list, description: "One page" },
      errors: [422],
    },
    {
      id: `create${Noun}`,
      method: "post",
      path: base,
      summary: `Create a ${noun}`,
      tag: TAGS.groups,
      body,
      ok: { status: 201, schema: withLinks, description: `The new ${noun}, with its ETag and Location`, etag: true },
      errors: [404, 409],
      idempotent: true,
    },
    {
      id: `get${Noun}`,
      method: "get",
      path: `${base}/{id}`,
      summary: `One ${noun}`,
      tag: TAGS.groups,
      ok: { status: 200, schema: one, description: `The ${noun}`, etag: true },
      errors: [404, 422],
    },
    {
      id: `replace${Noun}`,
      method: "put",
      path: `${base}/{id}`,
      summary: `Replace a ${noun}: assignments not sent are emptied`,
      tag: TAGS.groups,
      body,
      ok: { status: 200, schema: withLinks, description: `The ${noun}`, etag: true },
      errors: [404, 409],
      ifMatch: true,
    },
    {
      id: `update${Noun}`,
      method: "patch",
      path: `${base}/{id}`,
      summary: `Rename a ${noun} and/or replace its assignments`,
      tag: TAGS.groups,
      body,
      ok: { status: 200, schema: withLinks, description: `The ${noun}`, etag: true },
      errors: [404, 409],
      ifMatch: true,
    },
    {
      id: `delete${Noun}`,
      method: "delete",
      path: `${base}/{id}`,
      summary: `Delete a ${noun}`,
      tag: TAGS.groups,
      ok: { status: 204, description: "Deleted; empty body" },
      errors: [404, 422],
      ifMatch: true,
    },
  ];
}

const graphqlRequestSchema = z
  .object({
    query: z.string().describe("The GraphQL document"),
    variables: z.record(z.string(), z.json()).optional(),
    operationName: z.string().optional(),
  })
  .strict();

const graphqlResponseSchema = z.object({
  data: z.record(z.string(), z.json()).nullable().optional(),
  errors: z
    .array(
      z.object({
        message: z.string(),
        locations: z.array(z.object({ line: z.number().int(), column: z.number().int() })).optional(),
        path: z.array(z.union([z.string(), z.number().int()])).optional(),
        extensions: z.record(z.string(), z.json()).optional(),
      }),
    )
    .optional(),
});

export const OPERATIONS: Operation[] = [
  {
    id: "listRecords",
    method: "get",
    path: "/api/v1/account/accounts",
    summary: "List the account's records, paged, sorted and filtered",
    tag: TAGS.records,
    query: recordQuerySchema,
    ok: { status: 200, schema: recordListSchema, description: "One page of records" },
    errors: [422],
  },
  {
    id: "createRecord",
    method: "post",
    path: "/api/v1/account/accounts",
    summary: "Add a record: an ACTIVE member (no attribute required; other keys are custom attributes)",
    tag: TAGS.records,
    body: recordBodySchema,
    ok: {
      status: 201,
      schema: recordWithLinksSchema,
      description: "The full record, with its ETag and Location",
      etag: true,
    },
    errors: [409],
    idempotent: true,
  },
  {
    id: "getRecord",
    method: "get",
    path: "/api/v1/account/accounts/{id}",
    summary: "One record",
    tag: TAGS.records,
    ok: { status: 200, schema: recordSchema, description: "The record", etag: true },
    errors: [404, 422],
  },
  {
    id: "replaceRecord",
    method: "put",
    path: "/api/v1/account/accounts/{id}",
    summary: "Replace a record: attributes not sent are cleared",
    tag: TAGS.records,
    body: recordBodySchema,
    ok: { status: 200, schema: recordWithLinksSchema, description: "The full record", etag: true },
    errors: [403, 404, 409],
    ifMatch: true,
  },
  {
    id: "updateRecord",
    method: "patch",
    path: "/api/v1/account/accounts/{id}",
    summary: "Change only the attributes sent (a custom attribute set to null is removed)",
    tag: TAGS.records,
    body: recordBodySchema,
    ok: { status: 200, schema: recordWithLinksSchema, description: "The full record", etag: true },
    errors: [404, 409],
    ifMatch: true,
  },
  {
    id: "deleteRecord",
    method: "delete",
    path: "/api/v1/account/accounts/{id}",
    summary: "Delete from the account (the person's login is kept)",
    tag: TAGS.records,
    ok: { status: 204, description: "Deleted; empty body" },
    errors: [404, 409, 422],
    ifMatch: true,
  },
  {
    id: "getAccount",
    method: "get",
    path: "/api/v1/account",
    summary: "The account with its users (API keys only for ADMIN and SUPER callers)",
    tag: TAGS.account,
    query: accountQuerySchema,
    ok: { status: 200, schema: accountSchema, description: "The account" },
    errors: [422],
  },
  {
    id: "getUser",
    method: "get",
    path: "/api/v1/user",
    summary: "The caller (or ?user_id= of a member), without membership data",
    tag: TAGS.account,
    query: userQuerySchema,
    ok: { status: 200, schema: userSchema, description: "The user", etag: true },
    errors: [404, 422],
  },
  {
    id: "updateUser",
    method: "patch",
    path: "/api/v1/user",
    summary: "Update a user's profile fields (default: the caller)",
    tag: TAGS.account,
    body: patchUserBodySchema,
    ok: { status: 200, schema: userSchema, description: "The user after the change", etag: true },
    errors: [404, 409],
    ifMatch: true,
  },
  {
    id: "addUser",
    method: "post",
    path: "/api/v1/account/users",
    summary: "Add a user to the account: ACTIVE at once, with an API key (a person with a login elsewhere is invited)",
    tag: TAGS.account,
    body: addUserBodySchema,
    ok: {
      status: 201,
      schema: addUserAnswerSchema,
      description:
        "The new member and its API key, or (a person with a Roster login elsewhere) the INVITED member and its invitation; Location is the user (GET /api/v1/user?user_id=)",
      etag: true,
    },
    errors: [409],
    idempotent: true,
  },
  {
    id: "inviteUser",
    method: "post",
    path: "/api/v1/account/users/invite",
    summary: "Invite a user: an INVITED membership and a pending invitation",
    tag: TAGS.account,
    body: inviteUserBodySchema,
    ok: {
      status: 201,
      schema: invitedUserSchema,
      description: "The invited member and the invitation; Location is the user",
      etag: true,
    },
    errors: [409],
    idempotent: true,
  },
  userAction("activate", "activateUser", "Activate a member, whatever its status"),
  userAction("remove", "removeUser", "Remove (disable) a member"),
  userAction("approve", "approveUser", "Approve a request to join (REQUESTED → ACTIVE)"),
  userAction("deny", "denyUser", "Deny a request to join (REQUESTED → DECLINED)"),
  userAction("promote", "promoteUser", "Promote an ACTIVE member below ADMIN to ADMIN"),
  userAction("demote", "demoteUser", "Demote an ACTIVE ADMIN to REGULAR"),
  {
    id: "refreshApiKey",
    method: "post",
    path: "/api/v1/account/users/refresh-api-key",
    summary: "Issue a new API key; the old one stops working at once",
    tag: TAGS.account,
    body: userIdBodySchema,
    ok: { status: 200, schema: refreshedKeySchema, description: "The new key, shown once" },
    errors: [404, 409],
    idempotent: true,
  },
  orgWrite(
    "modifyAllUsernames",
    "modifyallusernames",
    "Replace a user's computer usernames (an empty array deletes all)",
    modifyAllUsernamesSchema,
  ),
  orgWrite(
    "modifyRank",
    "modifyrank",
    "Set an ACTIVE user's rank (REGULAR, ADMIN, SUPER; also GUEST, DEVELOPER; USER means REGULAR)",
    modifyRankSchema,
  ),
  {
    id: "getSmartcards",
    method: "get",
    path: "/api/v1/org/modifysmartcard",
    summary: "A user's smartcards and PINs",
    tag: TAGS.org,
    query: getSmartcardSchema,
    ok: { status: 200, schema: smartcardsAnswerSchema, description: "The smartcards" },
    errors: [404],
  },
  orgWrite(
    "modifySmartcards",
    "modifysmartcard",
    "Replace a user's smartcards (digit strings, unique in the account unless allow_duplicates; [] deletes all)",
    modifySmartcardSchema,
  ),
  {
    id: "listMultipleUsers",
    method: "get",
    path: "/api/v1/org/multipleusers",
    summary: "Every user of the organization (user_tag=GUEST: the guests; USER: everyone else)",
    tag: TAGS.org,
    query: multipleUsersSchema,
    ok: { status: 200, schema: z.array(orgUserRowSchema), description: "The users" },
    errors: [],
  },
  orgWrite("promoteGuest", "promoteguest", "Promote a GUEST to a regular user", emailIdOnlySchema),
  orgWrite(
    "toggleSuspension",
    "togglesuspension",
    "Suspend an ACTIVE user or unsuspend a SUSPENDED one",
    emailIdOnlySchema,
  ),
  {
    id: "getOrgUser",
    method: "get",
    path: "/api/v1/org/user",
    summary: "One user's policies (direct and through groups), computer usernames and smartcards",
    tag: TAGS.org,
    query: emailIdOnlySchema,
    ok: { status: 200, schema: orgUserDetailSchema, description: "The user's details" },
    errors: [404],
  },
  {
    id: "deleteOrgUser",
    method: "delete",
    path: "/api/v1/org/user",
    summary: "Delete a user from the organization (not from Roster) by email_id or email; email_id wins",
    tag: TAGS.org,
    query: userSelectorSchema,
    ok: { status: 200, schema: successSchema, description: "{success}" },
    errors: [404, 409],
  },
  ...crud("/api/v1/groups", "group", groupSchema, groupWithLinksSchema, groupListSchema, groupBodySchema),
  ...crud("/api/v1/policies", "policy", policySchema, policyWithLinksSchema, policyListSchema, policyBodySchema),
  {
    id: "listMembers",
    method: "get",
    path: "/api/v1/members",
    summary: "Members with role and status: paged, sorted, filtered",
    tag: TAGS.members,
    query: memberQuerySchema,
    ok: { status: 200, schema: memberPageSchema, description: "One page of members" },
    errors: [422],
  },
  {
    id: "exportMembers",
    method: "get",
    path: "/api/v1/members/export",
    summary: "The members matching the same filters, as CSV (every page)",
    tag: TAGS.members,
    query: memberExportQuerySchema,
    ok: {
      status: 200,
      description: "CSV: id,email,firstName,lastName,role,status,title,department,createdAt",
      contentType: "text/csv",
    },
    errors: [422],
  },
  {
    id: "exportAuditLog",
    method: "get",
    path: "/api/v1/audit/export",
    summary: "The account's audit events matching the filters, newest first, as CSV (admins)",
    tag: TAGS.audit,
    query: auditQuerySchema,
    ok: {
      status: 200,
      description:
        "CSV: id,createdAt,actorKind,actorUserId,actorName,actorEmail,action,targetType,targetId,targetName,before,after (before/after as JSON)",
      contentType: "text/csv",
    },
    errors: [400, 403, 422],
  },
  {
    id: "requestToJoin",
    method: "post",
    path: "/api/v1/join-requests",
    summary:
      "Ask to join an account: signed in, the request waits in REQUESTED; otherwise a link to confirm it is mailed to the email",
    tag: TAGS.join,
    public: true,
    body: joinRequestBodySchema,
    ok: { status: 202, schema: joinRequestSchema, description: "The request, or the confirmation link, is on its way" },
    errors: [403, 404, 409],
  },
  {
    id: "confirmJoin",
    method: "post",
    path: "/api/v1/join-requests/confirm",
    summary:
      "Follow a mailed join link: the request is made (REQUESTED); a person with no password of their own sets one",
    tag: TAGS.join,
    public: true,
    body: joinConfirmBodySchema,
    ok: {
      status: 201,
      schema: joinConfirmSchema,
      description: "The request, waiting for an admin (nothing the public caller can read: no Location)",
      location: false,
    },
    errors: [403, 409, 410],
  },
  {
    id: "graphql",
    method: "post",
    path: "/api/graphql",
    summary:
      "GraphQL (seed 002's listUsers, inviteUser, updateUserAccountType, disableUser). The schema: GET /api/graphql/schema.graphql; introspection works",
    tag: TAGS.graphql,
    body: graphqlRequestSchema,
    ok: {
      status: 200,
      schema: graphqlResponseSchema,
      description: "`data`, and `errors` for what failed (a refused mutation answers ok: false with a reason)",
    },
    errors: [],
  },
  {
    id: "getGraphqlSchema",
    method: "get",
    path: "/api/graphql/schema.graphql",
    summary: "The GraphQL schema as SDL, for codegen and clients",
    tag: TAGS.graphql,
    public: true,
    ok: { status: 200, description: "The schema (SDL)", contentType: "text/plain" },
    errors: [],
  },
  {
    id: "getOpenApiDocument",
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This document",
    tag: TAGS.reference,
    public: true,
    ok: { status: 200, description: "OpenAPI 3.1", contentType: "application/json" },
    errors: [],
  },
  {
    id: "getSecurityPolicy",
    method: "get",
    path: "/api/v1/account/security",
    summary: "Who must sign in with a second factor to act in this account (ADMIN and above)",
    tag: TAGS.signIn,
    ok: { status: 200, schema: securityPolicySchema, description: "The policy", etag: true },
    errors: [],
  },
  {
    id: "updateSecurityPolicy",
    method: "patch",
    path: "/api/v1/account/security",
    summary:
      "Change the 2-step policy: off, admins or everyone (ADMIN tightens, SUPER loosens; a session needs two factors itself and a recent verification)",
    tag: TAGS.signIn,
    body: securityPolicySchema,
    ok: { status: 200, schema: securityPolicySchema, description: "The policy now", etag: true },
    errors: [],
    ifMatch: true,
  },
  {
    id: "signIn",
    method: "post",
    path: "/api/v1/login/sign-in",
    summary:
      "Sign in with email and password: the session cookie, or (a login with a second factor) a short-lived pending cookie for the second step",
    tag: TAGS.signIn,
    body: signInBodySchema,
    ok: { status: 200, schema: signInAnswerSchema, description: "Signed in, or a second factor is needed" },
    errors: [401],
    public: true,
  },
  {
    id: "signInSecondFactor",
    method: "post",
    path: "/api/v1/login/sign-in/second-factor",
    summary: "The second step: a code from the authenticator app or a recovery code, with the pending cookie",
    tag: TAGS.signIn,
    body: secondFactorBodySchema,
    ok: { status: 200, schema: signInAnswerSchema, description: "Signed in (the session cookie)" },
    errors: [401],
    public: true,
  },
  {
    id: "listOwnFactors",
    method: "get",
    path: "/api/v1/login/factors",
    summary: "Your second factors and how many recovery codes remain (console session only)",
    tag: TAGS.signIn,
    ok: { status: 200, schema: factorsAnswerSchema, description: "Your factors" },
    errors: [],
    sessionOnly: true,
  },
  {
    id: "startTotp",
    method: "post",
    path: "/api/v1/login/factors/totp",
    summary: "Begin adding an authenticator app: its secret and otpauth URI, shown once (needs a recent verification)",
    tag: TAGS.signIn,
    body: totpStartBodySchema,
    ok: { status: 200, schema: totpStartAnswerSchema, description: "The secret to enter in the app" },
    errors: [],
    sessionOnly: true,
  },
  {
    id: "verifyTotp",
    method: "post",
    path: "/api/v1/login/factors/totp/{id}/verify",
    summary: "Confirm the app with a code from it; a first factor answers ten recovery codes",
    tag: TAGS.signIn,
    body: totpVerifyBodySchema,
    ok: { status: 200, schema: totpVerifyAnswerSchema, description: "The app counts from now on" },
    errors: [],
    sessionOnly: true,
  },
  {
    id: "removeFactor",
    method: "delete",
    path: "/api/v1/login/factors/{id}",
    summary: "Remove one of your factors (needs a recent verification; the last one takes the recovery codes with it)",
    tag: TAGS.signIn,
    ok: { status: 204, description: "Removed" },
    errors: [],
    sessionOnly: true,
  },
  {
    id: "regenerateRecoveryCodes",
    method: "post",
    path: "/api/v1/login/recovery-codes",
    summary: "A new set of ten recovery codes; the old ones stop working (needs a recent verification)",
    tag: TAGS.signIn,
    ok: { status: 200, schema: recoveryCodesAnswerSchema, description: "The new codes, shown once" },
    errors: [409],
    sessionOnly: true,
  },
  {
    id: "reverify",
    method: "post",
    path: "/api/v1/login/reverify",
    summary: "Prove it is you again: sensitive acts then run for ten minutes",
    tag: TAGS.signIn,
    body: reverifyBodySchema,
    ok: { status: 200, schema: reverifyAnswerSchema, description: "Verified" },
    errors: [],
    sessionOnly: true,
  },
  {
    id: "listOwnSessions",
    method: "get",
    path: "/api/v1/login/sessions",
    summary: "Your live sessions: browser, address, since when, last seen (this one marked current)",
    tag: TAGS.signIn,
    ok: { status: 200, schema: sessionsAnswerSchema, description: "Your sessions" },
    errors: [],
    sessionOnly: true,
  },
  {
    id: "endOtherSessions",
    method: "delete",
    path: "/api/v1/login/sessions",
    summary: "Sign out everywhere else (this session stays)",
    tag: TAGS.signIn,
    ok: { status: 200, schema: endedSessionsSchema, description: "How many sessions ended" },
    errors: [],
    sessionOnly: true,
  },
  {
    id: "endOwnSession",
    method: "delete",
    path: "/api/v1/login/sessions/{sessionId}",
    summary: "End one of your sessions",
    tag: TAGS.signIn,
    ok: { status: 204, description: "Ended" },
    errors: [404],
    sessionOnly: true,
  },
];
/** Shapes named in components/schemas (generated clients name their types after them). */
export const SCHEMA_NAMES = new Map<Schema, string>([
  [signInAnswerSchema, "SignInAnswer"],
  [factorSchema, "SecondFactor"],
  [factorsAnswerSchema, "SecondFactors"],
  [totpStartAnswerSchema, "TotpEnrollment"],
  [totpVerifyAnswerSchema, "TotpVerified"],
  [recoveryCodesAnswerSchema, "RecoveryCodes"],
  [reverifyAnswerSchema, "Reverified"],
  [sessionSchema, "Session"],
  [sessionsAnswerSchema, "Sessions"],
  [endedSessionsSchema, "EndedSessions"],
  [securityPolicySchema, "SecurityPolicy"],
  [recordSchema, "Record"],
  [recordWithLinksSchema, "RecordWithLinks"],
  [recordListSchema, "RecordPage"],
  [recordBodySchema, "RecordInput"],
  [accountSchema, "Account"],
  [userSchema, "User"],
  [memberSchema, "Member"],
  [addedUserSchema, "AddedUser"],
  [addedAsInvitedSchema, "AddedAsInvited"],
  [invitedUserSchema, "InvitedUser"],
  [groupSchema, "Group"],
  [groupWithLinksSchema, "GroupWithLinks"],
  [groupListSchema, "GroupPage"],
  [groupBodySchema, "GroupInput"],
  [policySchema, "Policy"],
  [policyWithLinksSchema, "PolicyWithLinks"],
  [policyListSchema, "PolicyPage"],
  [policyBodySchema, "PolicyInput"],
  [memberPageSchema, "MemberPage"],
  [orgUserDetailSchema, "OrgUserDetail"],
  [successSchema, "Success"],
]);
