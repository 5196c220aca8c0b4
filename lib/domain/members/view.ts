import type { Membership, User } from "../../generated/prisma/client";
import { STATUS_CODES } from "./status";

export type MembershipWithUser = Membership & { user: User };

/** A member as every adapter sees it: the person's email plus this account's member profile and membership. */
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
  gender: Membership["gender"];
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
    username: m.username,
    firstName: m.firstName,
    middleName: m.middleName,
    lastName: m.lastName,
    displayName: m.displayName,
    company: m.company,
    title: m.title,
    department: m.department,
    website: m.website,
    phoneHome: m.phoneHome,
    phoneOffice: m.phoneOffice,
    phoneMobile: m.phoneMobile,
    phoneTollFree: m.phoneTollFree,
    phoneOther: m.phoneOther,
    pager: m.pager,
    fax: m.fax,
    gender: m.gender,
    personId: m.personId,
    contributeAs: m.contributeAs,
    termsAccepted: m.termsAccepted,
    termsAcceptedAt: m.termsAcceptedAt,
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
