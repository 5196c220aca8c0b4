import { userAction } from "@/lib/api/users-api/user-action";
import { removeMember } from "@/lib/domain/members/change-status";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/account/users/remove — any status → DISABLED (seed 000)
export const POST = userAction(removeMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
