import { scimJson } from "@/lib/scim/errors";
import { scimBase } from "@/lib/scim/http";
import { listResponse, schemaDocuments } from "@/lib/scim/schemas";

// GET /scim/v2/Schemas — the attributes of User, Group and EnterpriseUser; no token needed
export function GET(req: Request) {
  const docs = schemaDocuments(scimBase(req));
  return scimJson(listResponse(docs));
}
