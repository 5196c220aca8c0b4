import { scimJson } from "@/lib/api/scim/errors";
import { scimBase, scimPublicRoute } from "@/lib/api/scim/http";
import { serviceProviderConfig } from "@/lib/api/scim/schemas";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /scim/v2/ServiceProviderConfig — what this SCIM server supports (RFC 7644 §4); no token needed
export const GET = scimPublicRoute((req) => scimJson(serviceProviderConfig(scimBase(req))));

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
