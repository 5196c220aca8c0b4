import { jsonError } from "./responses";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const ALL: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/**
 * The methods a route does not serve, each answering 405 with `Allow`, in the
 * JSON error shape (RFC 7644's under /scim; Next.js would answer an empty 405).
 * Spread into the route file's exports: `export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST")`.
 */
export function notAllowed(...allowed: Method[]): Record<Method, (req: Request) => Response> {
  const served = new Set<string>([...allowed, "OPTIONS", ...(allowed.includes("GET") ? ["HEAD"] : [])]);
  const allow = ORDER.filter((m) => served.has(m)).join(", ");
  const answer = (req: Request) => {
    const message = `${req.method} is not served here; this path serves ${allow}`;
    if (new URL(req.url).pathname.startsWith("/scim/")) {
      return new Response(
        JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "405", detail: message }),
        { status: 405, headers: { Allow: allow, "content-type": "application/scim+json" } },
      );
    }
    return jsonError(405, "method_not_allowed", message, [], { Allow: allow });
  };
  return Object.fromEntries(ALL.map((m) => [m, answer])) as Record<Method, (req: Request) => Response>;
}
