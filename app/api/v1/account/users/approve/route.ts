import { userAction } from "@/lib/api/users-api/user-action";
import { approveMember } from "@/lib/domain/members/change-status";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/account/users/approve — REQUESTED → ACTIVE (seed 000)
export const POST = userAction(approveMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
