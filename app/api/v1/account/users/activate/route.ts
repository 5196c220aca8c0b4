import { userAction } from "@/lib/api/account/user-action";
import { activateMember } from "@/lib/members/change-status";

// POST /api/v1/account/users/activate — any status → ACTIVE (seed 000)
export const POST = userAction(activateMember);
