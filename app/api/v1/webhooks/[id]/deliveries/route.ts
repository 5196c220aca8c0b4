import { apiRoute } from "@/lib/api/http/route";
import { toDelivery } from "@/lib/api/webhooks/schemas";
import { listDeliveries } from "@/lib/domain/webhooks/deliveries";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/webhooks/{id}/deliveries — the delivery log, newest first, and how many events wait
export const GET = apiRoute<{ id: string }>(async ({ actor, params, req }) => {
  const r = await listDeliveries(actor, params.id, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: r.data.map(toDelivery), waiting: r.waiting });
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
