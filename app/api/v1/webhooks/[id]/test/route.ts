import { apiRoute } from "@/lib/api/http/route";
import { sendTestEvent } from "@/lib/domain/webhooks/deliveries";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/webhooks/{id}/test — posts a signed webhook.test event now; answers what the receiver said
export const POST = apiRoute<{ id: string }>(async ({ actor, params }) =>
  Response.json(await sendTestEvent(actor, params.id)),
);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
