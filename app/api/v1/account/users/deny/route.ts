import { userAction } from "@/lib/api/account/user-action";
import { denyMember } from "@/lib/members/change-status";

// POST /api/v1/account/users/deny — REQUESTED → DECLINED (seed 000)
export const POST = userAction(denyMember);
