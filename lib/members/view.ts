import type { Membership, User } from "../generated/prisma/client";
import { STATUS_CODES } from "./status";

export type MembershipWithUser = Membership & { user: User };

/** A member as every adapter sees it: the global profile plus this account's membership. */
export interface MemberView {
  userId: number;
  uid: string;
  membershipId: number;
  accountId: number;
  email: string | null;
  emailStatus: User["emailStatus"];
  username: string | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  displayName: string | null;
  company: string | null;
  title: string | null;
  department: string | null;
  website: string | null;
  phoneHome: string | null;
  phoneOffice: string | null;
  phoneMobile: string | null;
  phoneTollFree: string | null;
  phoneOther: string | null;
  pager: string | null;
  fax: string | null;
  gender: User["gender"];
  personId: string | null;
  contributeAs: string | null;
  termsAccepted: boolean;
  termsAcceptedAt: Date | null;
  confirmedAt: Date | null;
  role: Membership["role"];
  status: Membership["status"];
  statusCode: number;
  attributes: Record<string, unknown>;
  activeDate: Date | null;
  acceptedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** The identity provider's id (SCIM externalId), per account. */
  externalId: string | null;
}

export function memberView(m: MembershipWithUser): MemberView {
  const u = m.user;
  return {
    userId: u.id,
    uid: u.uid,
    membershipId: m.id,
    accountId: m.accountId,
    email: u.email,
    emailStatus: u.emailStatus,
    username: u.username,
    firstName: u.firstName,
    middleName: u.middleName,
    lastName: u.lastName,
    displayName: u.displayName,
    company: u.company,
    title: u.title,
    department: u.department,
    website: u.website,
    phoneHome: u.phoneHome,
    phoneOffice: u.phoneOffice,
    phoneMobile: u.phoneMobile,
    phoneTollFree: u.phoneTollFree,
    phoneOther: u.phoneOther,
    pager: u.pager,
    fax: u.fax,
    gender: u.gender,
    personId: u.personId,
    contributeAs: u.contributeAs,
    termsAccepted: u.termsAccepted,
    termsAcceptedAt: u.termsAcceptedAt,
    confirmedAt: u.confirmedAt,
    role: m.role,
    status: m.status,
    statusCode: STATUS_CODES[m.status],
    attributes: (m.attributes ?? {}) as Record<string, unknown>,
    activeDate: m.activeDate,
    acceptedAt: m.acceptedAt,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    version: m.version,
    externalId: m.externalId,
  };
}

/** The membership fields the audit log compares. */
export function membershipSnapshot(m: Membership): Record<string, unknown> {
  return { role: m.role, status: m.status, activeDate: m.activeDate, attributes: m.attributes };
}
