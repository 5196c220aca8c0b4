import { userAction } from "@/lib/api/account/user-action";
import { notAllowed } from "@/lib/http/not-allowed";
import { denyMember } from "@/lib/members/change-status";

// POST /api/v1/account/users/deny — REQUESTED → DECLINED (seed 000)
export const POST = userAction(denyMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
