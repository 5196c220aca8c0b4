import { userAction } from "@/lib/api/account/user-action";
import { approveMember } from "@/lib/members/change-status";

// POST /api/v1/account/users/approve — REQUESTED → ACTIVE (seed 000)
export const POST = userAction(approveMember);
