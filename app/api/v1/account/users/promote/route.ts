import { userAction } from "@/lib/api/users-api/user-action";
import { promoteMember } from "@/lib/domain/members/change-role";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/account/users/promote — ACTIVE below ADMIN → ADMIN (seed 000)
export const POST = userAction(promoteMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
