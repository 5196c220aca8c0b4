import { fieldLabel } from "@/lib/console/messages";
import { ROLE_NAMES } from "@/lib/domain/permissions";

// An audit event as a sentence: "Ana Álvarez suspended Jasmine Ali". The API
// keeps the action codes; the console says what happened.

type Change = Record<string, unknown> | null;
interface Event {
  action: string;
  before: Change;
  after: Change;
}

const PHRASES: Record<string, string | ((e: Event) => string)> = {
  "member.add": "added",
  "member.add_owner": "added the account's owner,",
  "member.invite": "invited",
  "member.import": "imported",
  "member.activate": "activated",
  "member.approve": "approved the join request of",
  "member.deny": "denied the join request of",
  "member.request_to_join": "asked to join",
  "member.remove": "disabled",
  "member.delete": "deleted from the account",
  "member.toggle_suspension": (e) => (e.after?.status === "SUSPENDED" ? "suspended" : "lifted the suspension of"),
  "member.promote": "promoted",
  "member.demote": "demoted",
  "member.promote_guest": "promoted the guest",
  "member.set_role": "changed the role of",
  "member.set_groups": "changed the groups of",
  "member.set_policies": "changed the policies of",
  "member.set_smartcards": "changed the smartcards of",
  "member.set_computer_usernames": "changed the computer usernames of",
  "user.update": "edited the profile of",
  "user.reset_password": "reset the password of",
  "user.sign_in": (e) => `signed in (${methodWords(e.after?.methods)}) as`,
  "user.sign_in_failed": (e) =>
    e.after?.step === "second_factor" ? "failed the second step of signing in as" : "failed to sign in as",
  "user.factor_added": (e) => `added ${factorWord(e.after?.type)} to the login of`,
  "user.factor_removed": (e) => `removed ${factorWord(e.after?.type)} from the login of`,
  "user.factors_reset": "removed every second factor (operator) of",
  "user.recovery_codes_regenerated": "made new recovery codes for",
  "user.session_ended": "ended a session of",
  "user.sign_out_elsewhere": "signed out every other session of",
  "user.passkey_counter_regressed": "refused a passkey whose counter went back (a possible copy) for",
  "member.sessions_ended": "required a new sign-in of",
  "domain.add": (e) => `claimed the domain ${e.after?.domain ?? ""} for`,
  "domain.verify": (e) => `verified the domain ${e.after?.domain ?? ""} for`,
  "domain.update": (e) => `changed who may join through ${e.after?.domain ?? "a domain"} in`,
  "domain.delete": (e) => `removed the domain ${e.after?.domain ?? ""} from`,
  "domain.lapse": (e) => `found the TXT record gone: the domain ${e.after?.domain ?? ""} lapsed for`,
  "account.security_changed": (e) =>
    `set ${[
      e.after?.mfa !== undefined ? `two-step verification to "${e.after.mfa}"` : null,
      e.after?.sso !== undefined ? `single sign-on to "${e.after.sso}"` : null,
    ]
      .filter(Boolean)
      .join(" and ")} for the account`,
  "credential.refresh": "replaced the API key of",
  "credential.reveal": "looked at the API key of",
  "invitation.accept": (e) =>
    e.after?.via === "copied_link"
      ? "accepted, through a link an admin copied, the invitation of"
      : "accepted the invitation of",
  "invitation.copy_link": "copied the invitation link of",
  "invitation.resend": "resent the invitation of",
  "invitation.revoke": "revoked the invitation of",
  "group.create": "created the group",
  "group.update": "changed the group",
  "group.delete": "deleted the group",
  "group.add_member": "added a member to the group",
  "policy.create": "created the policy",
  "policy.update": "changed the policy",
  "policy.delete": "deleted the policy",
  "account.create": "created the account",
  "account.update": "changed the account's settings",
  "scim_token.create": "created a provisioning (SCIM) token",
  "scim_token.revoke": "revoked a provisioning (SCIM) token",
  "sso.connection_add": (e) => `added the SSO connection ${e.after?.name ?? ""} to`,
  "sso.connection_update": (e) => `changed the SSO connection ${e.after?.name ?? e.before?.name ?? ""} of`,
  "sso.connection_delete": (e) => `removed the SSO connection ${e.before?.name ?? ""} from`,
  "sso.identity_link": (e) => `linked an identity-provider sign-in (${e.after?.email ?? "no email"}) to the login of`,
  "member.join_sso": "joined on first single sign-on:",
  "member.update_sso": "had the profile updated by the identity provider:",
  "user.unproved_login_reset": "reset an unproved login (its domain's identity provider vouched for the address) of",
  "user.sso_break_glass": "signed in past the account's required SSO (break-glass, SUPER with two factors) as",
  "invitation.expire": "expired the invitation of",
  "webhook.create": (e) => `added the webhook endpoint ${e.after?.url ?? ""}`,
  "webhook.update": (e) => `changed the webhook endpoint ${e.after?.url ?? e.before?.url ?? ""}`,
  "webhook.rotate_secret": "made a new signing secret for a webhook endpoint",
  "webhook.replay": (e) => `replayed a webhook endpoint's events after #${e.after?.cursor ?? "?"}`,
  "webhook.delete": (e) => `removed the webhook endpoint ${e.before?.url ?? ""}`,
  "webhook.disable": (e) => `stopped a webhook endpoint: ${e.after?.reason ?? "its retries ran out"}`,
};

const METHOD_WORDS: Record<string, string> = {
  pwd: "password",
  otp: "authenticator app",
  webauthn: "passkey",
  recovery: "recovery code",
  sso: "single sign-on",
};

/** How a sign-in was proved, in words: "password + authenticator app". */
export function methodWords(methods: unknown): string {
  return Array.isArray(methods) ? methods.map((m) => METHOD_WORDS[String(m)] ?? String(m)).join(" + ") : "?";
}

const factorWord = (type: unknown) => (type === "webauthn" ? "a passkey" : "an authenticator app");

/** What the actor did, as the middle of a sentence ("suspended"); an unknown action is spelled out. */
export function actionPhrase(e: Event): string {
  const phrase = PHRASES[e.action];
  if (typeof phrase === "function") return phrase(e);
  return phrase ?? e.action.replace(/[._]/g, " ");
}

/** The action categories the log filters by (each a prefix of the action codes). */
export const ACTION_CATEGORIES: [prefix: string, label: string][] = [
  ["member.", "Members"],
  ["user.", "Profiles and logins"],
  ["credential.", "API keys"],
  ["invitation.", "Invitations"],
  ["group.", "Groups"],
  ["policy.", "Policies"],
  ["account.", "Account settings"],
  ["scim_token.", "Provisioning tokens"],
  ["domain.", "Domains"],
];

/** Group and policy names by id, for changes that list them ({ groups: [17] }). */
export interface Labels {
  groups?: Record<string, string>;
  policies?: Record<string, string>;
}

const named = (ids: unknown[], names: Record<string, string> | undefined, noun: string) => {
  if (ids.length === 0) return "none";
  const shown = ids.slice(0, 5).map((id) => names?.[String(id)] ?? `${noun} #${id}`);
  return ids.length > 5 ? `${shown.join(", ")} and ${ids.length - 5} more` : shown.join(", ");
};

const value = (key: string, v: unknown, labels: Labels = {}): string => {
  if (Array.isArray(v) && key === "groups") return named(v, labels.groups, "group");
  if (Array.isArray(v) && key === "policies") return named(v, labels.policies, "policy");
  if (v === null || v === undefined || v === "") return "none";
  if (typeof v === "string") {
    if (key === "role" && v in ROLE_NAMES) return ROLE_NAMES[v as keyof typeof ROLE_NAMES];
    if (key === "status") return v.charAt(0) + v.slice(1).toLowerCase();
    return v;
  }
  if (Array.isArray(v)) return v.length === 1 ? "1 item" : `${v.length} items`;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "object") return `${Object.keys(v).length} fields`;
  return String(v);
};

/** "Status: Active → Suspended", one line per field that changed (or was set or cleared). */
export function changeLines(before: Change, after: Change, labels: Labels = {}): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const lines: string[] = [];
  for (const k of keys) {
    const was = value(k, before?.[k], labels);
    const now = value(k, after?.[k], labels);
    if (before && after && JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    lines.push(
      !before ? `${fieldLabel(k)}: ${now}` : !after ? `${fieldLabel(k)}: ${was}` : `${fieldLabel(k)}: ${was} → ${now}`,
    );
  }
  return lines;
}
