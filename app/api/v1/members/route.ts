import { apiRoute } from "@/lib/api/http/route";
import { pageEnvelope } from "@/lib/api/pagination";
import { parseQuery } from "@/lib/api/query-params";
import { memberQuerySchema, toMemberRow } from "@/lib/api/roster/members/schemas";
import { memberSignals } from "@/lib/domain/members/last-active";
import { listMembers } from "@/lib/domain/members/list-members";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/members — members with role and status: paged, sorted, filtered by status, role, group, searched (the console's table)
export const GET = apiRoute(async ({ req, actor }) => {
  const url = new URL(req.url);
  const query = parseQuery(memberQuerySchema, url.searchParams);
  const page = await listMembers(actor, query);
  const seen = await memberSignals(
    actor,
    page.rows.map((r) => r.membershipId),
  );
  return Response.json(
    pageEnvelope(
      url,
      page.page,
      page.limit,
      page.total,
      page.rows.map((r) => toMemberRow(r, seen)),
      page.nextCursor,
    ),
  );
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
