import { publicRoute } from "@/lib/api/http/route";
import { openApiDocument } from "@/lib/api/openapi/document";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/openapi.json — the OpenAPI 3.1 document (public)
export const GET = publicRoute(async () =>
  Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }),
);

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
