import { toDomain } from "@/lib/api/domains/schemas";
import { apiRoute } from "@/lib/api/http/route";
import { type DomainView, deleteDomain, getDomain, updateDomain } from "@/lib/domain/domains/domains";
import { readJsonObject } from "@/lib/platform/http/body";
import { domainEtag, expectedDomainVersion } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseId } from "@/lib/platform/validation";

type Params = { id: string };
const withEtag = (d: DomainView) => Response.json(toDomain(d), { headers: { ETag: domainEtag(d.id, d.version) } });

// GET /api/v1/domains/{id} — one domain
export const GET = apiRoute<Params>(async ({ actor, params }) => withEtag(await getDomain(actor, params.id)));

// PATCH /api/v1/domains/{id} — enrollment and default role (If-Match)
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) =>
  withEtag(
    await updateDomain(actor, params.id, await readJsonObject(req), {
      expectedVersion: expectedDomainVersion(req, parseId(params.id) ?? 0),
    }),
  ),
);

// DELETE /api/v1/domains/{id} — remove the domain (a verified one's claim is released)
export const DELETE = apiRoute<Params>(async ({ actor, params }) => {
  await deleteDomain(actor, params.id);
  return new Response(null, { status: 204 });
});

export const { POST, PUT } = notAllowed("GET", "PATCH", "DELETE");
