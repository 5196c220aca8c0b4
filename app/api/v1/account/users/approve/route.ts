import { userAction } from "@/lib/api/account/user-action";
import { notAllowed } from "@/lib/http/not-allowed";
import { approveMember } from "@/lib/members/change-status";

// POST /api/v1/account/users/approve — REQUESTED → ACTIVE (seed 000)
export const POST = userAction(approveMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
