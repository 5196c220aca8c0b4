import { apiRoute } from "@/lib/api/http/route";
import { toWebhook } from "@/lib/api/webhooks/schemas";
import { addEndpoint, listEndpoints } from "@/lib/domain/webhooks/endpoints";
import { readJsonObject } from "@/lib/platform/http/body";
import { webhookEtag } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/webhooks — the account's webhook endpoints (ADMIN+; secrets never answered)
export const GET = apiRoute(async ({ actor }) =>
  Response.json({ webhooks: (await listEndpoints(actor)).map(toWebhook) }),
);

// POST /api/v1/webhooks — add an endpoint: it receives events from now on; the secret is answered this once
export const POST = apiRoute(async ({ req, actor }) => {
  const { secret, ...e } = await addEndpoint(actor, await readJsonObject(req));
  return Response.json(
    { ...toWebhook(e), secret },
    { status: 201, headers: { Location: `/api/v1/webhooks/${e.id}`, ETag: webhookEtag(e.id, e.version) } },
  );
});

export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST");
