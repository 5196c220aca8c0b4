import { userAction } from "@/lib/api/users-api/user-action";
import { denyMember } from "@/lib/domain/members/change-status";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/account/users/deny — REQUESTED → DECLINED (seed 000)
export const POST = userAction(denyMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
