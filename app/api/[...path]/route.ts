import { publicRoute } from "@/lib/api/http/route";
import { DomainError } from "@/lib/platform/errors";

// Any /api path no route serves: a JSON 404 (not the console's HTML page).
const notFound = publicRoute(async (req) => {
  throw new DomainError("not_found", `No API operation at ${new URL(req.url).pathname}; see /api/v1/openapi.json`);
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
