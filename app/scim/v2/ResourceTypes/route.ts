import { notAllowed } from "@/lib/http/not-allowed";
import { scimJson } from "@/lib/scim/errors";
import { scimBase, scimPublicRoute } from "@/lib/scim/http";
import { listResponse, resourceTypes } from "@/lib/scim/schemas";

// GET /scim/v2/ResourceTypes — User (with the enterprise extension) and Group; no token needed
export const GET = scimPublicRoute((req) => {
  const types = resourceTypes(scimBase(req));
  return scimJson(listResponse(types));
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
