import { apiRoute } from "@/lib/api/http/route";
import { toWebhook } from "@/lib/api/webhooks/schemas";
import { deleteEndpoint, type EndpointView, getEndpoint, updateEndpoint } from "@/lib/domain/webhooks/endpoints";
import { readJsonObject } from "@/lib/platform/http/body";
import { expectedWebhookVersion, webhookEtag } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseId } from "@/lib/platform/validation";

type Params = { id: string };
const withEtag = (e: EndpointView) => Response.json(toWebhook(e), { headers: { ETag: webhookEtag(e.id, e.version) } });

// GET /api/v1/webhooks/{id} — one endpoint (never its secret)
export const GET = apiRoute<Params>(async ({ actor, params }) => withEtag(await getEndpoint(actor, params.id)));

// PATCH /api/v1/webhooks/{id} — change it (If-Match); enabled:true starts it again where it stopped
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) =>
  withEtag(
    await updateEndpoint(actor, params.id, await readJsonObject(req), {
      expectedVersion: expectedWebhookVersion(req, parseId(params.id) ?? 0),
    }),
  ),
);

// DELETE /api/v1/webhooks/{id} — remove it and its delivery log
export const DELETE = apiRoute<Params>(async ({ actor, params }) => {
  await deleteEndpoint(actor, params.id);
  return new Response(null, { status: 204 });
});

export const { POST, PUT } = notAllowed("GET", "PATCH", "DELETE");
