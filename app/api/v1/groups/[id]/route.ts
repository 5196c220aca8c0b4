import { apiRoute } from "@/lib/api/http/route";
import { pathIdSchema } from "@/lib/api/records/schemas";
import { toGroup, withSelf } from "@/lib/api/roster/groups/schemas";
import { deleteGroup, getGroup, updateGroup } from "@/lib/domain/groups/groups";
import type { GroupInput } from "@/lib/domain/groups/schemas";
import { readJsonObject } from "@/lib/platform/http/body";
import { expectedNamedVersion, namedEtag } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

type Params = { id: string };
const BASE = "/api/v1/groups";
const idOf = (params: Params) => parseInput(pathIdSchema, params).id;

// GET /api/v1/groups/{id} — one group
export const GET = apiRoute<Params>(async ({ actor, params }) =>
  withEtag(toGroup(await getGroup(actor, idOf(params)))),
);

// PUT /api/v1/groups/{id} — replace name and members (members not sent: none)
export const PUT = apiRoute<Params>(async ({ req, actor, params }) => {
  const body = (await readJsonObject(req)) as GroupInput;
  return withEtag(
    withSelf(
      BASE,
      toGroup(
        await updateGroup(
          actor,
          idOf(params),
          { members: [], ...body },
          { expectedVersion: expectedNamedVersion(req, "g", idOf(params)) },
        ),
      ),
    ),
  );
});

// PATCH /api/v1/groups/{id} — rename and/or replace the members
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) =>
  withEtag(
    withSelf(
      BASE,
      toGroup(
        await updateGroup(actor, idOf(params), (await readJsonObject(req)) as GroupInput, {
          expectedVersion: expectedNamedVersion(req, "g", idOf(params)),
        }),
      ),
    ),
  ),
);

// DELETE /api/v1/groups/{id} — delete the group (members stay in the account)
export const DELETE = apiRoute<Params>(async ({ req, actor, params }) => {
  await deleteGroup(actor, idOf(params), { expectedVersion: expectedNamedVersion(req, "g", idOf(params)) });
  return new Response(null, { status: 204 });
});

function withEtag<T extends { id: number; updatedAt: string }>(v: T) {
  return Response.json(v, { headers: { ETag: namedEtag("g", { id: v.id, updatedAt: new Date(v.updatedAt) }) } });
}

export const { POST } = notAllowed("GET", "PUT", "PATCH", "DELETE");
