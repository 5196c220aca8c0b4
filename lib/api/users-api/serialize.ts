import "server-only";
import type { z } from "zod";
import type { getAccount } from "../../domain/accounts/get-account";
import type { MemberView } from "../../domain/members/view";
import type { accountSchema, memberSchema, userSchema } from "./schemas";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toUser(m: MemberView) {
  return {
    user_id: m.userId,
    uid: m.uid,
    email: m.email,
    first_name: m.firstName,
    middle_name: m.middleName,
    last_name: m.lastName,
    person_id: m.personId,
    contribute_as: m.contributeAs,
    terms_accepted: m.termsAccepted,
    terms_accepted_at: iso(m.termsAcceptedAt),
  } satisfies z.output<typeof userSchema>;
}

export function toMember(m: MemberView) {
  return {
    user_id: m.userId,
    email: m.email,
    first_name: m.firstName,
    last_name: m.lastName,
    role: m.role,
    status: m.status,
    status_code: m.statusCode,
    active_date: iso(m.activeDate),
    created_at: m.createdAt.toISOString(),
  } satisfies z.output<typeof memberSchema>;
}

export function toAccount(a: Awaited<ReturnType<typeof getAccount>>) {
  return {
    id: a.id,
    name: a.name,
    domain: a.domain,
    organization_id: a.organizationId,
    token_balance: a.tokenBalance,
    addresses: a.addresses.map(({ postalCode, ...rest }) => ({
      label: rest.label,
      line1: rest.line1,
      line2: rest.line2,
      city: rest.city,
      region: rest.region,
      postal_code: postalCode,
      country: rest.country,
    })),
    phones: a.phones.map((p) => ({ label: p.label, number: p.number })),
    users: a.users.map((u) => ({ ...toMember(u), ...(u.apiKey ? { api_key: u.apiKey } : {}) })),
    users_page: a.usersPage,
    users_limit: a.usersLimit,
    users_total: a.usersTotal,
  } satisfies z.output<typeof accountSchema>;
}
