import { apiRoute } from "@/lib/api/http/route";
import { pathIdSchema } from "@/lib/api/records/schemas";
import { toPolicy, withSelf } from "@/lib/api/roster/groups/schemas";
import type { PolicyInput } from "@/lib/domain/groups/schemas";
import { deletePolicy, getPolicy, updatePolicy } from "@/lib/domain/policies/policies";
import { readJsonObject } from "@/lib/platform/http/body";
import { expectedNamedVersion, namedEtag } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

type Params = { id: string };
const BASE = "/api/v1/policies";
const idOf = (params: Params) => parseInput(pathIdSchema, params).id;

// GET /api/v1/policies/{id} — one policy
export const GET = apiRoute<Params>(async ({ actor, params }) =>
  withEtag(toPolicy(await getPolicy(actor, idOf(params)))),
);

// PUT /api/v1/policies/{id} — replace name and assignments (members and groups not sent: none)
export const PUT = apiRoute<Params>(async ({ req, actor, params }) => {
  const body = (await readJsonObject(req)) as PolicyInput;
  return withEtag(
    withSelf(
      BASE,
      toPolicy(
        await updatePolicy(
          actor,
          idOf(params),
          { members: [], groups: [], ...body },
          { expectedVersion: expectedNamedVersion(req, "p", idOf(params)) },
        ),
      ),
    ),
  );
});

// PATCH /api/v1/policies/{id} — rename and/or replace the assignments
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) =>
  withEtag(
    withSelf(
      BASE,
      toPolicy(
        await updatePolicy(actor, idOf(params), (await readJsonObject(req)) as PolicyInput, {
          expectedVersion: expectedNamedVersion(req, "p", idOf(params)),
        }),
      ),
    ),
  ),
);

// DELETE /api/v1/policies/{id} — delete the policy
export const DELETE = apiRoute<Params>(async ({ req, actor, params }) => {
  await deletePolicy(actor, idOf(params), { expectedVersion: expectedNamedVersion(req, "p", idOf(params)) });
  return new Response(null, { status: 204 });
});

function withEtag<T extends { id: number; updatedAt: string }>(v: T) {
  return Response.json(v, { headers: { ETag: namedEtag("p", { id: v.id, updatedAt: new Date(v.updatedAt) }) } });
}

export const { POST } = notAllowed("GET", "PUT", "PATCH", "DELETE");
