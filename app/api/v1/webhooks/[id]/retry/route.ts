import { apiRoute } from "@/lib/api/http/route";
import { retryEndpoint } from "@/lib/domain/webhooks/endpoints";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/webhooks/{id}/retry — the held (failing) event is tried now rather than at its next scheduled retry
export const POST = apiRoute<{ id: string }>(async ({ actor, params }) =>
  Response.json(await retryEndpoint(actor, params.id)),
);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
