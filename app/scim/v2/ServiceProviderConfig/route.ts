import { scimJson } from "@/lib/scim/errors";
import { scimBase } from "@/lib/scim/http";
import { serviceProviderConfig } from "@/lib/scim/schemas";

// GET /scim/v2/ServiceProviderConfig — what this SCIM server supports (RFC 7644 §4); no token needed
export const GET = (req: Request) => scimJson(serviceProviderConfig(scimBase(req)));
