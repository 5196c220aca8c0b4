import { scimJson } from "@/lib/scim/errors";
import { scimBase } from "@/lib/scim/http";
import { LIST_SCHEMA, resourceTypes } from "@/lib/scim/schemas";

// GET /scim/v2/ResourceTypes — User (with the enterprise extension) and Group; no token needed
export function GET(req: Request) {
  const types = resourceTypes(scimBase(req));
  return scimJson({
    schemas: [LIST_SCHEMA],
    totalResults: types.length,
    startIndex: 1,
    itemsPerPage: types.length,
    Resources: types,
  });
}
