import "server-only";
import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { createYoga, type Plugin } from "graphql-yoga";
import type { MemberActor } from "../../platform/auth/actor";
import { isDomainError } from "../../platform/errors";
import { readText } from "../../platform/http/body";
import { guard } from "../../platform/http/guard";
import { errorResponse } from "../../platform/http/responses";
import { memberGuard } from "../http/route";
import { introspectionLimit } from "./introspection-limit";
import { rootFieldLimit } from "./root-field-limit";
import { type GraphQLContext, schema } from "./schema";

const ownLimits: Plugin = {
  onValidate: ({ addValidationRule }) => {
    addValidationRule(rootFieldLimit());
    addValidationRule(introspectionLimit());
  },
};

const yoga = createYoga<GraphQLContext>({
  schema,
  graphqlEndpoint: "/api/graphql",
  graphiql: false,
  landingPage: false,
  batching: false,
  fetchAPI: { Response, Request },
  // Introspection (the standard query is deeper than 15) has limits of its own: introspection-limit.ts.
  plugins: [
    maxDepthPlugin({ n: 15, ignoreIntrospection: true }),
    costLimitPlugin({ maxCost: 2000, ignoreIntrospection: true }),
    ownLimits,
  ],
});

const graphqlError = (status: number, message: string, code: string, headers: Record<string, string> = {}) =>
  Response.json({ errors: [{ message, extensions: { code } }] }, { status, headers });

const CODES: Record<string, string> = {
  unauthenticated: "UNAUTHENTICATED",
  forbidden: "FORBIDDEN",
  bad_request: "BAD_REQUEST",
  payload_too_large: "PAYLOAD_TOO_LARGE",
  rate_limited: "RATE_LIMITED",
};

/** A refusal before GraphQL runs, in GraphQL's error shape (503 when the database is down). */
function toGraphqlError(e: unknown): Response {
  if (!isDomainError(e)) return errorResponse(e);
  return graphqlError(
    e.status,
    e.message,
    CODES[e.code] ?? "BAD_REQUEST",
    e.retryAfter ? { "Retry-After": String(e.retryAfter) } : {},
  );
}

/** POST /api/graphql behind the one guard: a member's key or session, GraphQL's error shape. */
export const graphqlRoute = guard<MemberActor, unknown>(
  { ...memberGuard, toError: toGraphqlError },
  async (req, actor) => {
    const body = await readText(req);
    if (body.trim() === "")
      return graphqlError(400, 'Send a JSON body: {"query": "…", "variables": {…}}', "BAD_REQUEST");
    const headers = new Headers(req.headers);
    headers.set("content-type", "application/json");
    // GraphQL answers JSON whatever the client accepts (yoga would answer an empty 406).
    if (!/application\/(graphql-response\+)?json|\*\/\*|application\/\*/i.test(headers.get("accept") ?? ""))
      headers.set("accept", "application/json");
    headers.delete("content-length");
    return yoga.handleRequest(new Request(req.url, { method: "POST", headers, body }), { actor });
  },
);
