import { success } from "@/lib/api/org/format";
import { readOrgParams } from "@/lib/api/org/params";
import { orgRoute } from "@/lib/api/org/route";
import { modifyAllUsernamesSchema } from "@/lib/api/org/schemas";
import { setComputerUsernames } from "@/lib/domain/devices/computer-usernames";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

// POST /api/v1/org/modifyallusernames — replace a user's computer usernames; [] deletes all (seed 001)
export const POST = orgRoute(async ({ req, actor }) => {
  const p = parseInput(modifyAllUsernamesSchema, await readOrgParams(req));
  const names = await setComputerUsernames(actor, p.email_id, p.computer_usernames);
  return success(`Computer usernames of user ${p.email_id} set (${names.length})`);
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
