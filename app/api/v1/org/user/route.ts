import type { z } from "zod";
import { success } from "@/lib/api/org/format";
import { readOrgParams } from "@/lib/api/org/params";
import { orgRoute } from "@/lib/api/org/route";
import { emailIdOnlySchema, type orgUserDetailSchema, userSelectorSchema } from "@/lib/api/org/schemas";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { getMemberDevices } from "@/lib/domain/members/directory";
import { memberIdByEmail } from "@/lib/domain/members/lookup";
import type { MemberActor } from "@/lib/platform/auth/actor";
import { DomainError } from "@/lib/platform/errors";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

// GET /api/v1/org/user — one user's policies, computer usernames and smartcards (seed 001)
export const GET = orgRoute(async ({ req, actor }) => {
  const p = parseInput(emailIdOnlySchema, await readOrgParams(req));
  const d = await getMemberDevices(actor, p.email_id);
  return Response.json({
    policies: d.policies.map((name) => [name]),
    computer_usernames: d.computerUsernames,
    smartcards: d.smartcards,
  } satisfies z.output<typeof orgUserDetailSchema>);
});

async function targetOf(actor: MemberActor, p: { email_id?: number; email?: string }) {
  if (p.email_id !== undefined) return p.email_id; // email_id wins when both are given
  if (p.email !== undefined) return memberIdByEmail(actor, p.email);
  throw new DomainError("bad_request", "Give email_id or email", [
    { field: "email_id", message: "email_id or email is required" },
  ]);
}

// DELETE /api/v1/org/user — delete from the organization (not from Roster), by email_id or email (seed 001)
export const DELETE = orgRoute(async ({ req, actor }) => {
  const p = parseInput(userSelectorSchema, await readOrgParams(req));
  const gone = await deleteMember(actor, await targetOf(actor, p));
  return success(`User ${gone.email ?? ""}/${gone.username ?? ""} was successfully deleted from your organization.`);
});

export const { POST, PUT, PATCH } = notAllowed("GET", "DELETE");
