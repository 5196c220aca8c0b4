import { apiRoute } from "@/lib/api/http/route";
import { pageEnvelope } from "@/lib/api/pagination";
import { parseQuery } from "@/lib/api/query-params";
import { recordQuerySchema, splitRecordBody } from "@/lib/api/records/schemas";
import { recordUrl, toRecord, withLinks } from "@/lib/api/records/serialize";
import { type AddMemberInput, addMember } from "@/lib/domain/members/add-member";
import { listMembers } from "@/lib/domain/members/list-members";
import { readJsonObject } from "@/lib/platform/http/body";
import { etagOf } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/account/accounts — the account's records, paged, sorted, filtered (seed 003)
export const GET = apiRoute(async ({ req, actor }) => {
  const url = new URL(req.url);
  const query = parseQuery(recordQuerySchema, url.searchParams);
  const page = await listMembers(actor, query);
  return Response.json(pageEnvelope(url, page.page, query.limit, page.total, page.rows.map(toRecord), page.nextCursor));
});

// POST /api/v1/account/accounts — add a record: an ACTIVE member (seed 003)
export const POST = apiRoute(
  async ({ req, actor }) => {
    const { known, attributes } = splitRecordBody(await readJsonObject(req));
    // The domain validates every field; the dialect only splits them.
    const created = await addMember(actor, { ...known, attributes } as AddMemberInput);
    return Response.json(withLinks(created), {
      status: 201,
      headers: { Location: recordUrl(created.userId), ETag: etagOf(created) },
    });
  },
  { idempotent: true },
);

export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST");
