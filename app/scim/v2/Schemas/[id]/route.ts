import { ScimError, scimJson } from "@/lib/api/scim/errors";
import { scimBase, scimPublicRoute } from "@/lib/api/scim/http";
import { schemaDocuments } from "@/lib/api/scim/schemas";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /scim/v2/Schemas/{id} — one schema by its URN (the URL /Schemas lists); no token needed
export const GET = scimPublicRoute((req) => {
  const id = decodeURIComponent(new URL(req.url).pathname.split("/").pop() ?? "");
  const doc = schemaDocuments(scimBase(req)).find((d) => d.id === id);
  if (!doc) throw new ScimError(404, undefined, `No schema ${id}`);
  return scimJson(doc);
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
