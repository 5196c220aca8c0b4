import { userAction } from "@/lib/api/account/user-action";
import { promoteMember } from "@/lib/members/change-role";

// POST /api/v1/account/users/promote — ACTIVE below ADMIN → ADMIN (seed 000)
export const POST = userAction(promoteMember);
