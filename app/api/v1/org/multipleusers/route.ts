import { orgDate } from "@/lib/api/org/format";
import { readOrgParams } from "@/lib/api/org/params";
import { multipleUsersSchema } from "@/lib/api/org/schemas";
import { apiRoute } from "@/lib/http/route";
import { listOrgUsers } from "@/lib/members/org-views";
import { parseInput } from "@/lib/validation";

// GET /api/v1/org/multipleusers — every user of the organization (user_tag=GUEST: the guests) (seed 001)
export const GET = apiRoute(async ({ req, actor }) => {
  const p = parseInput(multipleUsersSchema, await readOrgParams(req));
  const rows = await listOrgUsers(actor, p.user_tag);
  return Response.json(
    rows.map(({ membership: m, user: u, groups, deviceAdded }) => {
      const name = [m.firstName, m.lastName].filter(Boolean).join(" ");
      return {
        ad_status: m.status,
        active_date: orgDate(m.activeDate),
        confirmed: orgDate(u.confirmedAt),
        created: orgDate(m.createdAt),
        device_added: orgDate(deviceAdded),
        email: u.email,
        email_id: u.id,
        email_status: u.emailStatus,
        first_name: m.firstName,
        groups: groups.map((g) => [g]),
        last_name: m.lastName,
        name: p.email && u.email ? `${name} <${u.email}>`.trim() : name,
        user_id: u.id,
        username: m.username,
        unique_id: u.uid,
      };
    }),
  );
});
