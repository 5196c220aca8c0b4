import { userAction } from "@/lib/api/account/user-action";
import { notAllowed } from "@/lib/http/not-allowed";
import { removeMember } from "@/lib/members/change-status";

// POST /api/v1/account/users/remove — any status → DISABLED (seed 000)
export const POST = userAction(removeMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
