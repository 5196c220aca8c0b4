import type { MembershipStatus } from "../../generated/prisma/enums";

/** Stable numeric codes; REQUESTED is 5 as seed 000 says. */
export const STATUS_CODES: Record<MembershipStatus, number> = {
  ACTIVE: 1,
  INVITED: 2,
  SUSPENDED: 3,
  DISABLED: 4,
  REQUESTED: 5,
  DECLINED: 6,
};

export const STATUSES = Object.keys(STATUS_CODES) as MembershipStatus[];
