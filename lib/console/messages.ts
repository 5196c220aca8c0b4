import { type Action, ROLE_NAMES } from "../domain/permissions";
import type { Role } from "../generated/prisma/enums";
import type { DomainError, ErrorDetail } from "../platform/errors";

// The one place a domain refusal becomes words for a person in the console:
// a sentence about their input or their permission, never a schema path, a
// permission code or a validator's notation. The API keeps codes and paths.

/** What each permission lets a person do, as the end of "You can't …". */
const DOING: Record<Action, string> = {
  "self.read": "see your own profile",
  "self.update": "change your own profile",
  "self.refresh_key": "refresh your own API key",
  "account.read": "see this account",
  "members.list": "see the member list",
  "members.read_keys": "see other members' API keys",
  "members.manage": "manage members",
  "members.grant_admin": "make or unmake admins",
  "members.grant_super": "make or unmake super admins",
  "account.update": "change the account's settings",
  "account.token_balance": "change the token balance",
  "account.auto_activate": "turn activation on acceptance on or off",
  "scim.manage": "manage provisioning (SCIM) tokens",
  "account.security": "change the account's sign-in policy",
  "account.security_loosen": "loosen the account's sign-in policy",
  "account.domains": "manage the account's domains",
  "account.sso": "manage the account's single sign-on",
  "account.events": "read the account's event stream",
  "account.webhooks": "manage the account's webhooks",
};

/** Field names as a form labels them; others are spelled out from their camelCase. */
const LABELS: Record<string, string> = {
  inviteTtlDays: "Invitation lifetime (days)",
  autoActivateOnAccept: "Activate on acceptance",
  email: "Email",
  emails: "Emails",
  firstName: "First name",
  lastName: "Last name",
  middleName: "Middle name",
  displayName: "Display name",
  phoneMobile: "Mobile phone",
  phoneOffice: "Office phone",
  phoneHome: "Home phone",
  phoneOther: "Other phone",
  phoneTollFree: "Toll-free phone",
  number: "Number",
  label: "Label",
  name: "Name",
  role: "Role",
  password: "Password",
  currentPassword: "Current password",
  newPassword: "New password",
  username: "Username",
  usernames: "Computer usernames",
  postalCode: "Postal code",
  line1: "Address line 1",
  line2: "Address line 2",
  organizationId: "Organization id",
};

export function fieldLabel(path: string): string {
  const parts = path.split(".").filter(Boolean);
  const name = [...parts].reverse().find((p) => !/^\d+$/.test(p));
  const row = parts.find((p) => /^\d+$/.test(p));
  const base = name
    ? (LABELS[name] ?? capitalize(name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase()))
    : "This value";
  return row === undefined ? base : `${base} (row ${Number(row) + 1})`;
}

/** A validator's wording as plain words, rule by rule: the first that matches rewrites it. */
const RULES: [RegExp, (r: RegExpMatchArray) => string][] = [
  [
    /^Too small: expected (?:number|int|bigint) to be >(=?)\s*(-?[\d.]+)/,
    (r) => `must be ${r[1] ? "at least" : "more than"} ${r[2]}`,
  ],
  [
    /^Too big: expected (?:number|int|bigint) to be <(=?)\s*(-?[\d.]+)/,
    (r) => `must be ${r[1] ? "at most" : "less than"} ${r[2]}`,
  ],
  [
    /^Too small: expected (?:string|array|set) to have >=?\s*(\d+) (characters|items)/,
    (r) => (r[1] === "1" ? "can't be empty" : `needs at least ${r[1]} ${r[2]}`),
  ],
  [
    /^Too big: expected (?:string|array|set) to have <=?\s*(\d+) (characters|items)/,
    (r) => `can have at most ${r[1]} ${r[2]}`,
  ],
  [/^Invalid input: expected \w+, received (undefined|null)$/, () => "is required"],
  [
    /^Invalid input: expected (\w+), received \w+$/,
    (r) =>
      `must be ${["int", "number", "bigint"].includes(r[1]) ? "a number" : r[1] === "boolean" ? "yes or no" : "text"}`,
  ],
  [/^Invalid (email|e-mail)/i, () => "must be an email address"],
  [/^Invalid url/i, () => "must be a web address (https://…)"],
  [/^Invalid option: expected one of (.+)$/, (r) => `must be one of ${r[1].replace(/"/g, "").replace(/\|/g, ", ")}`],
  [/^Unrecognized keys?/, () => "isn't something this form sets"],
  [/^Invalid input/, () => "isn't valid"],
  [/^(at (?:most|least) .+)$/, (r) => `can have ${r[1]}`],
];

export function plainRule(message: string): string {
  const m = message.trim();
  for (const [pattern, words] of RULES) {
    const r = m.match(pattern);
    if (r) return words(r);
  }
  return m;
}

const sentence = (s: string) => {
  const t = s.trim().replace(/\s*\([a-z_]+\.[a-z_.]+\)$/, "");
  return /[.!?]$/.test(t) ? t : `${t}.`;
};
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const roleWords = (s: string) =>
  s.replace(/\b(GUEST|REGULAR|DEVELOPER|ADMIN|SUPER)\b/g, (r) => ROLE_NAMES[r as Role].toLowerCase());

/** A refusal as a person reads it; details keep their field (forms place them) with plain messages. */
export function forPeople(e: Pick<DomainError, "code" | "message" | "details" | "action">): {
  error: string;
  details: ErrorDetail[];
} {
  if (e.code === "invalid_input" && e.details.length) {
    const details = e.details.map((d) => ({ field: d.field, message: plainRule(d.message) }));
    const lines = details.map((d) => sentence(`${fieldLabel(d.field)} ${d.message}`));
    const error = lines.length > 1 ? `${lines[0]} (${lines.length - 1} more to fix.)` : lines[0];
    return { error, details };
  }
  if (e.code === "forbidden" && e.action && e.action in DOING) {
    const role = e.message.match(/\((GUEST|REGULAR|DEVELOPER|ADMIN|SUPER)\)/)?.[1] as Role | undefined;
    const yours = role ? ` As ${article(ROLE_NAMES[role])} ${ROLE_NAMES[role].toLowerCase()}, you` : " You";
    return {
      error: `You don't have permission to ${DOING[e.action as Action]}.${yours} can ask an admin of this account.`,
      details: [],
    };
  }
  return {
    error: sentence(capitalize(roleWords(e.message))),
    details: e.details.map((d) => ({ field: d.field, message: plainRule(d.message) })),
  };
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");
