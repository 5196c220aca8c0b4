import { userAction } from "@/lib/api/account/user-action";
import { notAllowed } from "@/lib/http/not-allowed";
import { activateMember } from "@/lib/members/change-status";

// POST /api/v1/account/users/activate — any status → ACTIVE (seed 000)
export const POST = userAction(activateMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
