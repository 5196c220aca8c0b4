import { userAction } from "@/lib/api/users-api/user-action";
import { demoteMember } from "@/lib/domain/members/change-role";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/account/users/demote — ACTIVE ADMIN → REGULAR (seed 000)
export const POST = userAction(demoteMember);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
