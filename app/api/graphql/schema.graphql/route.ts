import { printSchema } from "graphql";
import { schema } from "@/lib/api/graphql/schema";
import { publicRoute } from "@/lib/api/http/route";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/graphql/schema.graphql — the GraphQL schema as SDL (public, like the OpenAPI document)
const sdl = printSchema(schema);

export const GET = publicRoute(
  async () => new Response(sdl, { headers: { "content-type": "text/plain; charset=utf-8" } }),
);

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
