import { badRequest, scimJson } from "@/lib/api/scim/errors";
import { ifMatchVersion, notModified, project, readScimBody, scimBase, scimRoute } from "@/lib/api/scim/http";
import { patchUserResource } from "@/lib/api/scim/patch";
import {
  deleteScimUser,
  getScimUser,
  toScimUser,
  type UserInput,
  updateScimUser,
  userEtag,
} from "@/lib/api/scim/users";
import { notAllowed } from "@/lib/platform/http/not-allowed";

type Params = { id: string };

const answer = (req: Request, m: Awaited<ReturnType<typeof getScimUser>>, params?: URLSearchParams) => {
  const unchanged = notModified(req, userEtag(m));
  if (unchanged) return unchanged;
  const resource = toScimUser(m, scimBase(req));
  return scimJson(params ? project(resource, params) : resource, { headers: { ETag: userEtag(m) } });
};

// GET /scim/v2/Users/{id}
export const GET = scimRoute<Params>(async ({ req, actor, params }) =>
  answer(req, await getScimUser(actor, params.id), new URL(req.url).searchParams),
);

// PUT /scim/v2/Users/{id} — replace: what is not sent is cleared
export const PUT = scimRoute<Params>(async ({ req, actor, params }) => {
  const body = (await readScimBody(req)) as UserInput & { id?: unknown };
  if (body.id !== undefined && String(body.id) !== params.id) throw badRequest("mutability", "id cannot change");
  const updated = await updateScimUser(actor, params.id, () => body, ifMatchVersion(req));
  return answer(req, updated, new URL(req.url).searchParams);
});

// PATCH /scim/v2/Users/{id} — add, replace, remove; with or without paths
export const PATCH = scimRoute<Params>(async ({ req, actor, params }) => {
  const body = await readScimBody(req);
  // Applied to the member as they are when the write holds (parallel PATCHes see each other's changes).
  const updated = await updateScimUser(
    actor,
    params.id,
    (current) => patchUserResource(toScimUser(current, scimBase(req)), body) as UserInput,
    ifMatchVersion(req),
  );
  return answer(req, updated, new URL(req.url).searchParams);
});

// DELETE /scim/v2/Users/{id} — deprovision (SPEC §3 delete)
export const DELETE = scimRoute<Params>(async ({ req, actor, params }) => {
  await deleteScimUser(actor, params.id, ifMatchVersion(req));
  return new Response(null, { status: 204 });
});

export const { POST } = notAllowed("GET", "PUT", "PATCH", "DELETE");
