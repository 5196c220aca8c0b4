import { notAllowed } from "@/lib/http/not-allowed";
import { scimJson } from "@/lib/scim/errors";
import { scimBase, scimPublicRoute } from "@/lib/scim/http";
import { serviceProviderConfig } from "@/lib/scim/schemas";

// GET /scim/v2/ServiceProviderConfig — what this SCIM server supports (RFC 7644 §4); no token needed
export const GET = scimPublicRoute((req) => scimJson(serviceProviderConfig(scimBase(req))));

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
