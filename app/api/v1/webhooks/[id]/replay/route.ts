import { apiRoute } from "@/lib/api/http/route";
import { toWebhook } from "@/lib/api/webhooks/schemas";
import { replayEndpoint } from "@/lib/domain/webhooks/endpoints";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/webhooks/{id}/replay — {"after": <sequence>}: deliver again every subscribed event after it
export const POST = apiRoute<{ id: string }>(async ({ req, actor, params }) =>
  Response.json(toWebhook(await replayEndpoint(actor, params.id, await readJsonObject(req)))),
);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
