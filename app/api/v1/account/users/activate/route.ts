import { userAction } from "@/lib/api/users-api/user-action";
import { activateMember } from "@/lib/domain/members/change-status";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/account/users/activate — any status → ACTIVE (seed 000)
export const POST = userAction(activateMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
