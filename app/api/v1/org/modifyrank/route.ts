import { success, who } from "@/lib/api/org/format";
import { readOrgParams } from "@/lib/api/org/params";
import { orgRoute } from "@/lib/api/org/route";
import { modifyRankSchema } from "@/lib/api/org/schemas";
import { setMemberRole } from "@/lib/domain/members/change-role";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

// POST /api/v1/org/modifyrank — set an ACTIVE user's rank: REGULAR, ADMIN, SUPER (and GUEST, DEVELOPER) (seed 001)
export const POST = orgRoute(async ({ req, actor }) => {
  const p = parseInput(modifyRankSchema, await readOrgParams(req));
  const m = await setMemberRole(actor, p.admin_user_id, p.rank);
  return success(`User ${who(m)} is now ${m.role}`);
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
