import { apiRoute } from "@/lib/api/http/route";
import { toConnection } from "@/lib/api/sso/schemas";
import { addConnection, listConnections } from "@/lib/domain/sso/connections";
import { readJsonObject } from "@/lib/platform/http/body";
import { connectionEtag } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/sso/connections — the account's identity-provider connections (ADMIN+)
export const GET = apiRoute(async ({ actor }) =>
  Response.json({ connections: (await listConnections(actor)).map(toConnection) }),
);

// POST /api/v1/sso/connections — add an OpenID Connect connection (draft unless told)
export const POST = apiRoute(async ({ req, actor }) => {
  const c = await addConnection(actor, await readJsonObject(req));
  return Response.json(toConnection(c), {
    status: 201,
    headers: { Location: `/api/v1/sso/connections/${c.id}`, ETag: connectionEtag(c.id, c.version) },
  });
});

export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST");
