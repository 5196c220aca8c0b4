import { apiRoute } from "@/lib/api/http/route";
import { getTestResult } from "@/lib/domain/sso/sign-in";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/sso/connections/{id}/tests/{testId} — a test sign-in's claims and the profile they map to
export const GET = apiRoute<{ id: string; testId: string }>(async ({ actor, params }) =>
  Response.json(await getTestResult(actor, params.id, params.testId), { headers: { "Cache-Control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
