import { userAction } from "@/lib/api/account/user-action";
import { removeMember } from "@/lib/members/change-status";

// POST /api/v1/account/users/remove — any status → DISABLED (seed 000)
export const POST = userAction(removeMember);
