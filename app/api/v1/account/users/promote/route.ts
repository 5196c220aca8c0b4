import { userAction } from "@/lib/api/account/user-action";
import { notAllowed } from "@/lib/http/not-allowed";
import { promoteMember } from "@/lib/members/change-role";

// POST /api/v1/account/users/promote — ACTIVE below ADMIN → ADMIN (seed 000)
export const POST = userAction(promoteMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
