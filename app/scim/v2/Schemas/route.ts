import { scimJson } from "@/lib/scim/errors";
import { scimBase } from "@/lib/scim/http";
import { LIST_SCHEMA, schemaDocuments } from "@/lib/scim/schemas";

// GET /scim/v2/Schemas — the attributes of User, Group and EnterpriseUser; no token needed
export function GET(req: Request) {
  const docs = schemaDocuments(scimBase(req));
  return scimJson({
    schemas: [LIST_SCHEMA],
    totalResults: docs.length,
    startIndex: 1,
    itemsPerPage: docs.length,
    Resources: docs,
  });
}
