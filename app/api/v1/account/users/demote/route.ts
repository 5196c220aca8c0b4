import { userAction } from "@/lib/api/account/user-action";
import { notAllowed } from "@/lib/http/not-allowed";
import { demoteMember } from "@/lib/members/change-role";

// POST /api/v1/account/users/demote — ACTIVE ADMIN → REGULAR (seed 000)
export const POST = userAction(demoteMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
