import { z } from "zod";
import type { MembershipStatus } from "../../generated/prisma/enums";
import { STATUSES } from "../members/status";
import { ROLES } from "../permissions";

// Every change as an event (issue 30): one catalogue of event types, each with
// a version and the shape of its data, and the audit actions that emit them.
// recordAudit takes only an action named here (no free strings), and writes
// the action's event in the same transaction, so the audit log and the event
// stream are two views of one record.

/** How a membership came to be (member.created's `how`). */
export const MEMBER_ORIGINS = ["added", "invited", "imported", "provisioned", "sso", "requested", "owner"] as const;
export type MemberOrigin = (typeof MEMBER_ORIGINS)[number];

/** What an event is about. */
export const TARGET_TYPES = [
  "membership",
  "user",
  "account",
  "invitation",
  "credential",
  "group",
  "policy",
  "webhook",
] as const;

const changes = z
  .record(z.string(), z.unknown())
  .nullable()
  .describe("The fields that changed (before: their old values; after: their new ones), or the thing as it is");

/** The data every event carries: its target and what changed. */
const base = z.object({
  /** What the audit log calls this change (finer than the type: member.promote, member.set_role…). */
  action: z.string(),
  target: z.object({ type: z.enum(TARGET_TYPES), id: z.string() }),
  before: changes,
  after: changes,
});

const role = z.enum(ROLES);
const memberStatus = z.enum(STATUSES as [MembershipStatus, ...MembershipStatus[]]);

// The member events consumers act on most carry the fields that changed by name
// (more may come: consumers ignore what they do not know).
const memberCreated = base.extend({
  how: z.enum(MEMBER_ORIGINS).describe("How the membership came to be"),
  before: z.null(),
  after: z
    .looseObject({ email: z.string().nullable(), role, status: memberStatus })
    .describe("The new member: email, role, status (and how it came: an invitation's id, a connection's)"),
});
const roleChanged = base.extend({
  before: z.looseObject({ role }).describe("The role before"),
  after: z.looseObject({ role }).describe("The role now"),
});
const statusChanged = base.extend({
  before: z.looseObject({ status: memberStatus }).describe("The status before"),
  after: z.looseObject({ status: memberStatus }).describe("The status now"),
});

// The other types name the fields consumers read; `before`/`after` hold only
// what changed (an update) or the thing itself (a creation: before is null; a
// deletion: after is null). Loose objects: fields may be added, never renamed.
const str = z.string();
const strOrNull = z.string().nullable();
const ids = z.array(z.number().int());
/** Nothing before; the thing (created, or what the event is about) after. */
const onlyAfter = (after: z.ZodObject, what: string) => base.extend({ before: z.null(), after: after.describe(what) });
/** The thing as it was before; nothing after (deleted). */
const onlyBefore = (before: z.ZodObject, what: string) =>
  base.extend({ before: before.describe(what), after: z.null() });
/** A change: the fields that changed, before and after, by name. */
const changedOf = (fields: z.ZodObject, what: string) =>
  base.extend({ before: fields.partial().describe(`${what} before`), after: fields.partial().describe(`${what} now`) });

const profileChange = z
  .record(z.string(), z.unknown())
  .describe("The profile fields and attributes that changed, by name (email, firstName, title, attributes…)");
const memberUpdated = base.extend({ before: profileChange, after: profileChange });
const memberDeleted = base.extend({
  before: z.looseObject({ status: memberStatus }).describe("The member before: its status (and, when erased, more)"),
  after: z
    .looseObject({ status: memberStatus.nullable() })
    .nullable()
    .describe("The member after: status DISABLED when removed; its fields null when erased"),
});
const invitationChange = base.extend({
  before: z.looseObject({ status: str }).describe("The invitation before"),
  after: z.looseObject({ email: str, status: str }).describe("The invitation now"),
});
const invitationAccepted = base.extend({
  before: z.looseObject({ acceptedAt: z.null() }).describe("The membership before: not accepted"),
  after: z
    .looseObject({ acceptedAt: str, role, via: str })
    .describe("Accepted: when, the role, and how (password, sso…); status when acceptance activated"),
});
const joinDecision = changedOf(z.looseObject({ status: memberStatus }), "The request's status");
const group = z.looseObject({ name: str, members: ids.optional() });
const policy = z.looseObject({ name: str, groups: ids.optional(), members: ids.optional() });
const domain = z.looseObject({ domain: str });
const webhook = z.looseObject({ url: str, events: z.array(str), description: strOrNull.optional(), state: str });

const type = (summary: string, data: z.ZodObject = base) => ({ version: 1, summary, data });

/** The event types, their versions and their data (one source: the outbox, the pull API, the OpenAPI webhooks). */
export const EVENT_TYPES = {
  "account.created": type(
    "The account was created",
    onlyAfter(z.looseObject({ name: str, owner: str }), "The account: its name and its first SUPER's email"),
  ),
  "account.updated": type(
    "The account's settings changed",
    changedOf(z.looseObject({ name: str }), "The settings that changed"),
  ),
  "account.security_changed": type(
    "The account's sign-in policy changed (second factors, SSO requirement)",
    changedOf(z.looseObject({ mfa: str, sso: str }), "The sign-in policy"),
  ),
  "member.created": type("A membership was created", memberCreated),
  "member.updated": type("A member's profile or attributes changed", memberUpdated),
  "member.role_changed": type("A member's role changed", roleChanged),
  "member.status_changed": type("A member's status changed (activated, suspended, reinstated)", statusChanged),
  "member.deleted": type("A membership was removed", memberDeleted),
  "member.groups_changed": type(
    "The groups a member belongs to changed",
    changedOf(z.looseObject({ groups: ids }), "The member's group ids"),
  ),
  "member.policies_changed": type(
    "The policies that apply to a member changed",
    changedOf(z.looseObject({ policies: ids }), "The member's own policy ids"),
  ),
  "member.sessions_ended": type("A member's console sessions were ended by an admin"),
  "invitation.created": type(
    'An invitation was sent (its member.created, how "invited", follows)',
    onlyAfter(z.looseObject({ email: str, role, expiresAt: str }), "The invitation: who, the role, until when"),
  ),
  "invitation.accepted": type("An invitation was accepted", invitationAccepted),
  "invitation.revoked": type("An invitation was revoked", invitationChange),
  "invitation.expired": type("An invitation passed its expiry unaccepted", invitationChange),
  "invitation.resent": type(
    "An invitation was sent again",
    onlyAfter(z.looseObject({ email: str, expiresAt: str }), "To whom, and its new expiry"),
  ),
  "invitation.link_copied": type(
    "An invitation's link was copied by an admin",
    onlyAfter(z.looseObject({ email: str, role }), "Whose invitation"),
  ),
  "join_request.created": type(
    "Someone asked to join",
    onlyAfter(z.looseObject({ email: str, role, status: memberStatus }), "The requester, REQUESTED"),
  ),
  "join_request.approved": type("A request to join was approved", joinDecision),
  "join_request.denied": type("A request to join was denied", joinDecision),
  "group.created": type("A group was created", onlyAfter(group, "The group: name, member ids")),
  "group.updated": type("A group changed", changedOf(group, "The group's changed fields")),
  "group.deleted": type("A group was deleted", onlyBefore(group, "The group as it was")),
  "group.members_changed": type(
    "A group's members changed",
    onlyAfter(z.looseObject({ userId: z.number().int() }), "The member added"),
  ),
  "policy.created": type("A policy was created", onlyAfter(policy, "The policy: name, group and member ids")),
  "policy.updated": type("A policy changed", changedOf(policy, "The policy's changed fields")),
  "policy.deleted": type("A policy was deleted", onlyBefore(policy, "The policy as it was")),
  "credential.refreshed": type(
    "An API key was replaced by a new one",
    onlyAfter(z.looseObject({ keyId: str }), "The new key's id (never its secret)"),
  ),
  "credential.revealed": type("An API key was shown to an admin"),
  "scim_token.created": type("A SCIM token was created", onlyAfter(z.looseObject({ label: str }), "Its label")),
  "scim_token.revoked": type("A SCIM token was revoked", onlyBefore(z.looseObject({ label: str }), "Its label")),
  "domain.created": type("An email domain was added", onlyAfter(domain, "The domain")),
  "domain.verified": type("An email domain was verified", onlyAfter(domain, "The domain")),
  "domain.updated": type(
    "An email domain's enrollment changed",
    changedOf(z.looseObject({ enrollment: str }), "The domain's enrollment"),
  ),
  "domain.deleted": type("An email domain was removed", onlyAfter(domain, "The domain")),
  "domain.lapsed": type("An email domain's TXT record went: it is no longer verified", onlyAfter(domain, "The domain")),
  "sso.connection_created": type(
    "An identity-provider connection was added",
    onlyAfter(
      z.looseObject({ id: z.number().int(), name: str, type: str, state: str }),
      "The connection (its settings; never a client secret)",
    ),
  ),
  "sso.connection_updated": type("An identity-provider connection changed"),
  "sso.connection_deleted": type("An identity-provider connection was removed"),
  "sso.identity_linked": type(
    "A person's identity at an IdP was linked to them",
    onlyAfter(
      z.looseObject({ connectionId: z.number().int(), issuer: str, subject: str, email: strOrNull }),
      "The IdP's identity",
    ),
  ),
  "webhook.created": type("A webhook endpoint was added", onlyAfter(webhook, "The endpoint (never its secret)")),
  "webhook.updated": type("A webhook endpoint changed (or its secret was rotated, or it was replayed from a point)"),
  "webhook.deleted": type("A webhook endpoint was removed"),
  "webhook.disabled": type(
    "A webhook endpoint was disabled after its retries ran out",
    onlyAfter(z.looseObject({ state: str, reason: str }), "DISABLED, and why"),
  ),
  "user.signed_in": type("A member signed in to the console"),
  "user.sign_in_failed": type("A sign-in to a member's login failed"),
  "user.session_ended": type("A console session ended"),
  "user.signed_out_elsewhere": type("A member ended their other sessions"),
  "user.password_reset": type("A member's password was reset"),
  "user.sso_break_glass": type("A SUPER signed in without SSO in an account that requires it (break-glass)"),
  "user.unproved_login_reset": type("A login made at an address never proved was reset by an SSO link"),
  // A person's own login (no account: in the audit log, not the event stream).
  "user.factor_added": type("A person added a second factor"),
  "user.factor_removed": type("A person removed a second factor"),
  "user.recovery_codes_regenerated": type("A person made new recovery codes"),
  "user.factors_reset": type("A person's second factors were reset by the operator"),
  "user.passkey_counter_regressed": type("A passkey's counter went back (a cloned authenticator?)"),
  "user.email_confirmed": type("A person confirmed their email"),
  "user.password_changed": type("A person changed their password"),
  "user.email_changed": type("A person changed their email"),
  "user.email_change_cancelled": type("A pending email change was cancelled"),
  "user.signed_out_everywhere": type("A person signed out everywhere"),
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

const to = (event: EventType, how?: MemberOrigin) => ({ event, how });

/** Every audit action, and the event it is. */
export const AUDIT_ACTIONS = {
  "account.create": to("account.created"),
  "account.update": to("account.updated"),
  "account.security_changed": to("account.security_changed"),
  "member.add": to("member.created", "added"),
  // The person who created the account, its first SUPER.
  "member.add_owner": to("member.created", "owner"),
  "member.invite": to("member.created", "invited"),
  "member.import": to("member.created", "imported"),
  "member.join_sso": to("member.created", "sso"),
  "member.request_to_join": to("join_request.created"),
  "member.approve": to("join_request.approved"),
  "member.deny": to("join_request.denied"),
  "member.update": to("member.updated"),
  "member.update_sso": to("member.updated"),
  "member.set_computer_usernames": to("member.updated"),
  "member.set_smartcards": to("member.updated"),
  "member.promote": to("member.role_changed"),
  "member.promote_guest": to("member.role_changed"),
  "member.demote": to("member.role_changed"),
  "member.set_role": to("member.role_changed"),
  "member.activate": to("member.status_changed"),
  "member.toggle_suspension": to("member.status_changed"),
  "member.delete": to("member.deleted"),
  "member.remove": to("member.deleted"),
  "member.set_groups": to("member.groups_changed"),
  "member.set_policies": to("member.policies_changed"),
  "member.sessions_ended": to("member.sessions_ended"),
  "invitation.create": to("invitation.created"),
  "invitation.accept": to("invitation.accepted"),
  "invitation.revoke": to("invitation.revoked"),
  "invitation.expire": to("invitation.expired"),
  "invitation.resend": to("invitation.resent"),
  "invitation.copy_link": to("invitation.link_copied"),
  "group.create": to("group.created"),
  "group.update": to("group.updated"),
  "group.delete": to("group.deleted"),
  "group.add_member": to("group.members_changed"),
  "policy.create": to("policy.created"),
  "policy.update": to("policy.updated"),
  "policy.delete": to("policy.deleted"),
  "credential.refresh": to("credential.refreshed"),
  "credential.reveal": to("credential.revealed"),
  "scim_token.create": to("scim_token.created"),
  "scim_token.revoke": to("scim_token.revoked"),
  "domain.add": to("domain.created"),
  "domain.verify": to("domain.verified"),
  "domain.update": to("domain.updated"),
  "domain.delete": to("domain.deleted"),
  "domain.lapse": to("domain.lapsed"),
  "sso.connection_add": to("sso.connection_created"),
  "sso.connection_update": to("sso.connection_updated"),
  "sso.connection_delete": to("sso.connection_deleted"),
  "sso.identity_link": to("sso.identity_linked"),
  // The seed dialect's PATCH /api/v1/user: the member's profile in this account.
  "user.update": to("member.updated"),
  "webhook.create": to("webhook.created"),
  "webhook.update": to("webhook.updated"),
  "webhook.rotate_secret": to("webhook.updated"),
  "webhook.replay": to("webhook.updated"),
  "webhook.retry": to("webhook.updated"),
  "webhook.delete": to("webhook.deleted"),
  "webhook.disable": to("webhook.disabled"),
  "user.sign_in": to("user.signed_in"),
  "user.sign_in_failed": to("user.sign_in_failed"),
  "user.session_ended": to("user.session_ended"),
  "user.sign_out_elsewhere": to("user.signed_out_elsewhere"),
  "user.reset_password": to("user.password_reset"),
  "user.sso_break_glass": to("user.sso_break_glass"),
  "user.unproved_login_reset": to("user.unproved_login_reset"),
  "user.factor_added": to("user.factor_added"),
  "user.factor_removed": to("user.factor_removed"),
  "user.recovery_codes_regenerated": to("user.recovery_codes_regenerated"),
  "user.factors_reset": to("user.factors_reset"),
  "user.passkey_counter_regressed": to("user.passkey_counter_regressed"),
  "user.confirm_email": to("user.email_confirmed"),
  "user.change_password": to("user.password_changed"),
  "user.change_email": to("user.email_changed"),
  "user.cancel_email_change": to("user.email_change_cancelled"),
  "user.sign_out_everywhere": to("user.signed_out_everywhere"),
} as const satisfies Record<string, { event: EventType; how?: MemberOrigin }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/**
 * Which event types a filter names: `member.*,group.created` → the types it
 * matches; null names one that matches nothing (a typo, refused by the caller).
 */
export function typesMatching(filter: string): { types: EventType[]; unknown: string[] } {
  const unknown: string[] = [];
  const types = new Set<EventType>();
  for (const raw of filter.split(",")) {
    const p = raw.trim();
    if (!p) continue;
    const matched = p.endsWith(".*")
      ? EVENT_TYPE_NAMES.filter((t) => t.startsWith(p.slice(0, -1)))
      : EVENT_TYPE_NAMES.filter((t) => t === p);
    if (p === "*") for (const t of EVENT_TYPE_NAMES) types.add(t);
    else if (matched.length === 0) unknown.push(p.slice(0, 60));
    for (const t of matched) types.add(t);
  }
  return { types: [...types], unknown };
}

/** The event families ("member", "group"…) with their types: what a webhook picks. */
export function eventFamilies(): { name: string; types: string[] }[] {
  const families = new Map<string, string[]>();
  for (const t of EVENT_TYPE_NAMES) {
    const name = t.slice(0, t.indexOf("."));
    families.set(name, [...(families.get(name) ?? []), t]);
  }
  return [...families].map(([name, types]) => ({ name, types }));
}
