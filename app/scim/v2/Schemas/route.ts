import { notAllowed } from "@/lib/http/not-allowed";
import { scimJson } from "@/lib/scim/errors";
import { scimBase, scimPublicRoute } from "@/lib/scim/http";
import { listResponse, schemaDocuments } from "@/lib/scim/schemas";

// GET /scim/v2/Schemas — the attributes of User, Group and EnterpriseUser; no token needed
export const GET = scimPublicRoute((req) => {
  const docs = schemaDocuments(scimBase(req));
  return scimJson(listResponse(docs));
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
