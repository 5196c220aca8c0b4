import type { Membership, User } from "../../generated/prisma/client";
import { type profileFields, RECORD_FIELDS } from "../users/profile";
import { STATUS_CODES } from "./status";

/** The member profile's columns, on the membership: every profile field but the person's email, and when terms were accepted. */
export const PROFILE_COLUMNS = [
  ...RECORD_FIELDS.filter((f) => f !== "email"),
  "personId",
  "contributeAs",
  "termsAccepted",
  "termsAcceptedAt",
] as const satisfies readonly (keyof Membership)[];
type ProfileColumn = (typeof PROFILE_COLUMNS)[number];
// Every field a dialect writes (profileFields) is a column here, or the person's email.
type Unlisted = Exclude<keyof typeof profileFields, ProfileColumn | "email">;
const _everyFieldListed: Unlisted extends never ? true : never = true;

export type MembershipWithUser = Membership & { user: User };

/** A member as every adapter sees it: the person's email plus this account's member profile and membership. */
export interface MemberView extends Pick<Membership, ProfileColumn> {
  userId: number;
  uid: string;
  membershipId: number;
  accountId: number;
  email: string | null;
  emailStatus: User["emailStatus"];
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
    ...(Object.fromEntries(PROFILE_COLUMNS.map((c) => [c, m[c]])) as Pick<Membership, ProfileColumn>),
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
