import { apiRoute } from "@/lib/api/http/route";
import { listEvents } from "@/lib/domain/events/list-events";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/events?after=<sequence>&types=member.*,group.*&limit=<1..1000> — the account's events, oldest first
export const GET = apiRoute(async ({ actor, req }) => {
  const { data, next_after } = await listEvents(actor, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({
    data: data.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
    next_after,
  });
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
