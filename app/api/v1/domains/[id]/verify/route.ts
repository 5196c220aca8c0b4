import { toDomain } from "@/lib/api/domains/schemas";
import { apiRoute } from "@/lib/api/http/route";
import { verifyDomain } from "@/lib/domain/domains/domains";
import { domainEtag } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/domains/{id}/verify — look the TXT record up: verified, or 409 verification_failed saying what was found
export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const d = await verifyDomain(actor, params.id);
  return Response.json(toDomain(d), { headers: { ETag: domainEtag(d.id, d.version) } });
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
