import { toDomain } from "@/lib/api/domains/schemas";
import { apiRoute } from "@/lib/api/http/route";
import { addDomain, listDomains } from "@/lib/domain/domains/domains";
import { readJsonObject } from "@/lib/platform/http/body";
import { domainEtag } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/domains — the account's email domains (ADMIN+)
export const GET = apiRoute(async ({ actor }) => Response.json({ domains: (await listDomains(actor)).map(toDomain) }));

// POST /api/v1/domains — claim a domain: answers the TXT record that proves it
export const POST = apiRoute(async ({ req, actor }) => {
  const d = await addDomain(actor, await readJsonObject(req));
  return Response.json(toDomain(d), {
    status: 201,
    headers: { Location: `/api/v1/domains/${d.id}`, ETag: domainEtag(d.id, d.version) },
  });
});

export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST");
