import { scimJson } from "@/lib/api/scim/errors";
import { scimBase, scimPublicRoute } from "@/lib/api/scim/http";
import { listResponse, schemaDocuments } from "@/lib/api/scim/schemas";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /scim/v2/Schemas — the attributes of User, Group and EnterpriseUser; no token needed
export const GET = scimPublicRoute((req) => {
  const docs = schemaDocuments(scimBase(req));
  return scimJson(listResponse(docs));
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
