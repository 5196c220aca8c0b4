import { ScimError } from "@/lib/api/scim/errors";
import { scimPublicRoute } from "@/lib/api/scim/http";

// Any /scim/v2 path no route serves, in RFC 7644's error shape: /Me and /Bulk
// are not offered (501, §3.11 and ServiceProviderConfig's bulk.supported=false).
const answer = scimPublicRoute((req) => {
  const path = new URL(req.url).pathname.replace(/^\/scim\/v2/, "");
  const top = path.split("/")[1] ?? "";
  if (top === "Me" || top === "Bulk")
    throw new ScimError(501, undefined, `/${top} is not supported by this service provider`);
  throw new ScimError(404, undefined, `No SCIM resource at ${path || "/"}`);
});

export const GET = answer;
export const POST = answer;
export const PUT = answer;
export const PATCH = answer;
export const DELETE = answer;
