import { apiRoute } from "@/lib/api/http/route";
import { rotateSecret } from "@/lib/domain/webhooks/endpoints";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/webhooks/{id}/rotate-secret — a new secret (answered once); the old one signs too for 24 h
export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const r = await rotateSecret(actor, params.id);
  return Response.json({ secret: r.secret, previousValidUntil: r.previousValidUntil.toISOString() });
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
