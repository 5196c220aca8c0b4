import { apiRoute } from "@/lib/api/http/route";
import { pageEnvelope, pagingQuerySchema } from "@/lib/api/pagination";
import { parseQuery } from "@/lib/api/query-params";
import { toGroup, withSelf } from "@/lib/api/roster/groups/schemas";
import { createGroup, listGroups } from "@/lib/domain/groups/groups";
import type { GroupInput } from "@/lib/domain/groups/schemas";
import { readJsonObject } from "@/lib/platform/http/body";
import { namedEtag } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";

const BASE = "/api/v1/groups";

// GET /api/v1/groups — the account's groups, paged
export const GET = apiRoute(async ({ req, actor }) => {
  const url = new URL(req.url);
  const { page, limit } = parseQuery(pagingQuerySchema, url.searchParams);
  const r = await listGroups(actor, page, limit);
  return Response.json(pageEnvelope(url, page, limit, r.total, r.rows.map(toGroup)));
});

// POST /api/v1/groups — create a group, optionally with members (user ids)
export const POST = apiRoute(
  async ({ req, actor }) => {
    const g = await createGroup(actor, (await readJsonObject(req)) as GroupInput);
    return Response.json(withSelf(BASE, toGroup(g)), {
      status: 201,
      headers: { Location: `${BASE}/${g.id}`, ETag: namedEtag("g", g) },
    });
  },
  { idempotent: true },
);

export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST");
