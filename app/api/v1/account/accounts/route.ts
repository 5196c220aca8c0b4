import { parseListQuery, splitRecordBody } from "@/lib/api/accounts/schemas";
import { recordUrl, toRecord, withLinks } from "@/lib/api/accounts/serialize";
import { readJsonObject } from "@/lib/http/body";
import { etagOf } from "@/lib/http/etag";
import { apiRoute } from "@/lib/http/route";
import { type AddMemberInput, addMember } from "@/lib/members/add-member";
import { listMembers } from "@/lib/members/list-members";

// GET /api/v1/account/accounts — the account's records, paged, sorted, filtered (seed 003)
export const GET = apiRoute(async ({ req, actor }) => {
  const url = new URL(req.url);
  const query = parseListQuery(url.searchParams);
  const page = await listMembers(actor, query);
  const totalPages = Math.ceil(page.total / query.limit);
  const link = (n: number) => {
    // seed 003's order: page, limit, sort, then the caller's filters
    const params = new URLSearchParams({ page: String(n), limit: String(query.limit) });
    for (const [key, value] of url.searchParams) if (key !== "page" && key !== "limit") params.append(key, value);
    return `?${params.toString()}`;
  };
  return Response.json({
    data: page.rows.map(toRecord),
    pagination: {
      currentPage: query.page,
      perPage: query.limit,
      count: page.rows.length,
      totalPages,
      total: page.total,
      links: {
        next: query.page < totalPages ? link(query.page + 1) : null,
        prev: query.page > 1 ? link(Math.min(query.page - 1, Math.max(totalPages, 1))) : null,
      },
    },
    totalItems: page.total,
  });
});

// POST /api/v1/account/accounts — add a record: an ACTIVE member (seed 003)
export const POST = apiRoute(async ({ req, actor }) => {
  const { known, attributes } = splitRecordBody(await readJsonObject(req));
  // The domain validates every field; the dialect only splits them.
  const created = await addMember(actor, { ...known, attributes } as AddMemberInput);
  return Response.json(withLinks(created), {
    status: 201,
    headers: { Location: recordUrl(created.userId), ETag: etagOf(created) },
  });
});
