import { success, who } from "@/lib/api/org/format";
import { readOrgParams } from "@/lib/api/org/params";
import { orgRoute } from "@/lib/api/org/route";
import { emailIdOnlySchema } from "@/lib/api/org/schemas";
import { promoteGuest } from "@/lib/domain/members/change-role";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

// POST /api/v1/org/promoteguest — GUEST → regular user (seed 001)
export const POST = orgRoute(async ({ req, actor }) => {
  const p = parseInput(emailIdOnlySchema, await readOrgParams(req));
  const m = await promoteGuest(actor, p.email_id);
  return success(`User ${who(m)} is now a regular user`);
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
