import { apiRoute } from "@/lib/api/http/route";
import { toConnection } from "@/lib/api/sso/schemas";
import { type ConnectionView, deleteConnection, getConnection, updateConnection } from "@/lib/domain/sso/connections";
import { readJsonObject } from "@/lib/platform/http/body";
import { connectionEtag, expectedConnectionVersion } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseId } from "@/lib/platform/validation";

type Params = { id: string };
const withEtag = (c: ConnectionView) =>
  Response.json(toConnection(c), { headers: { ETag: connectionEtag(c.id, c.version) } });

// GET /api/v1/sso/connections/{id} — one connection (never its secret)
export const GET = apiRoute<Params>(async ({ actor, params }) => withEtag(await getConnection(actor, params.id)));

// PATCH /api/v1/sso/connections/{id} — change it (If-Match); a new issuer unlinks the old one's people
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) =>
  withEtag(
    await updateConnection(actor, params.id, await readJsonObject(req), {
      expectedVersion: expectedConnectionVersion(req, parseId(params.id) ?? 0),
    }),
  ),
);

// DELETE /api/v1/sso/connections/{id} — remove it (sessions through it end)
export const DELETE = apiRoute<Params>(async ({ actor, params }) => {
  await deleteConnection(actor, params.id);
  return new Response(null, { status: 204 });
});

export const { POST, PUT } = notAllowed("GET", "PATCH", "DELETE");
