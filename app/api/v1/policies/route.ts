import { apiRoute } from "@/lib/api/http/route";
import { pageEnvelope, pagingQuerySchema } from "@/lib/api/pagination";
import { parseQuery } from "@/lib/api/query-params";
import { toPolicy, withSelf } from "@/lib/api/roster/groups/schemas";
import type { PolicyInput } from "@/lib/domain/groups/schemas";
import { createPolicy, listPolicies } from "@/lib/domain/policies/policies";
import { readJsonObject } from "@/lib/platform/http/body";
import { namedEtag } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";

const BASE = "/api/v1/policies";

// GET /api/v1/policies — the account's policies, paged
export const GET = apiRoute(async ({ req, actor }) => {
  const url = new URL(req.url);
  const { page, limit } = parseQuery(pagingQuerySchema, url.searchParams);
  const r = await listPolicies(actor, page, limit);
  return Response.json(pageEnvelope(url, page, limit, r.total, r.rows.map(toPolicy)));
});

// POST /api/v1/policies — create a policy, optionally assigned to members (user ids) and groups (group ids)
export const POST = apiRoute(
  async ({ req, actor }) => {
    const g = await createPolicy(actor, (await readJsonObject(req)) as PolicyInput);
    return Response.json(withSelf(BASE, toPolicy(g)), {
      status: 201,
      headers: { Location: `${BASE}/${g.id}`, ETag: namedEtag("p", g) },
    });
  },
  { idempotent: true },
);

export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST");
