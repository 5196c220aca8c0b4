import { ScimError, scimJson } from "@/lib/api/scim/errors";
import { scimBase, scimPublicRoute } from "@/lib/api/scim/http";
import { resourceTypes } from "@/lib/api/scim/schemas";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /scim/v2/ResourceTypes/{id} — User or Group (the URL /ResourceTypes lists); no token needed
export const GET = scimPublicRoute((req) => {
  const id = decodeURIComponent(new URL(req.url).pathname.split("/").pop() ?? "");
  const type = resourceTypes(scimBase(req)).find((t) => t.id === id);
  if (!type) throw new ScimError(404, undefined, `No resource type ${id}`);
  return scimJson(type);
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
