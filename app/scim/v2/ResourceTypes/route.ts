import { scimJson } from "@/lib/scim/errors";
import { scimBase } from "@/lib/scim/http";
import { listResponse, resourceTypes } from "@/lib/scim/schemas";

// GET /scim/v2/ResourceTypes — User (with the enterprise extension) and Group; no token needed
export function GET(req: Request) {
  const types = resourceTypes(scimBase(req));
  return scimJson(listResponse(types));
}
