import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { createYoga } from "graphql-yoga";
import type { MemberActor } from "@/lib/actor";
import { resolveActor } from "@/lib/auth/request-actor";
import { isDomainError } from "@/lib/errors";
import { type GraphQLContext, schema } from "@/lib/graphql/schema";
import { readText } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/responses";
import { assertSameOrigin } from "@/lib/http/route";
import { clientIp } from "@/lib/limits/client-ip";
import { enforce, limits } from "@/lib/limits/rate-limit";

const yoga = createYoga<GraphQLContext>({
  schema,
  graphqlEndpoint: "/api/graphql",
  graphiql: false,
  landingPage: false,
  batching: false,
  fetchAPI: { Response, Request },
  // Depth also bounds introspection (a standard introspection query is 13 deep).
  plugins: [
    maxDepthPlugin({ n: 15, ignoreIntrospection: false }),
    costLimitPlugin({ maxCost: 2000, ignoreIntrospection: true }),
  ],
});

const graphqlError = (status: number, message: string, code: string) =>
  Response.json({ errors: [{ message, extensions: { code } }] }, { status });

// POST /api/graphql — seed 002's listUsers, inviteUser, updateUserAccountType, disableUser
export async function POST(req: Request) {
  let actor: MemberActor;
  let body: string;
  try {
    const l = limits();
    await enforce(`ip:${clientIp(req.headers)}`, l.perIp);
    actor = await resolveActor(req);
    if (actor.via === "session") assertSameOrigin(req);
    await enforce(actor.credentialId ? `key:${actor.credentialId}` : `user:${actor.userId}`, l.perKey);
    body = await readText(req);
  } catch (e) {
    if (!isDomainError(e)) return errorResponse(e); // 503 when the database is down
    const codes: Record<string, string> = {
      unauthenticated: "UNAUTHENTICATED",
      payload_too_large: "PAYLOAD_TOO_LARGE",
      rate_limited: "RATE_LIMITED",
    };
    const r = graphqlError(e.status, e.message, codes[e.code] ?? "FORBIDDEN");
    if (e.retryAfter) r.headers.set("Retry-After", String(e.retryAfter));
    return r;
  }
  const headers = new Headers(req.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  return yoga.handleRequest(new Request(req.url, { method: "POST", headers, body }), { actor });
}
