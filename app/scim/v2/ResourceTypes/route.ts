import { scimJson } from "@/lib/api/scim/errors";
import { scimBase, scimPublicRoute } from "@/lib/api/scim/http";
import { listResponse, resourceTypes } from "@/lib/api/scim/schemas";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /scim/v2/ResourceTypes — User (with the enterprise extension) and Group; no token needed
export const GET = scimPublicRoute((req) => {
  const types = resourceTypes(scimBase(req));
  return scimJson(listResponse(types));
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
