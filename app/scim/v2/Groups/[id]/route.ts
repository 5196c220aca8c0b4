import { scimJson } from "@/lib/api/scim/errors";
import {
  deleteScimGroup,
  getScimGroup,
  groupEtag,
  patchScimGroup,
  replaceScimGroup,
  type ScimGroupView,
  toScimGroup,
} from "@/lib/api/scim/groups";
import { ifMatchVersion, notModified, project, readScimBody, scimBase, scimRoute } from "@/lib/api/scim/http";
import { notAllowed } from "@/lib/platform/http/not-allowed";

type Params = { id: string };

const answer = (req: Request, g: ScimGroupView, params?: URLSearchParams) => {
  const withMembers = !/(^|,)\s*members\s*(,|$)/i.test(params?.get("excludedAttributes") ?? "");
  const unchanged = notModified(req, groupEtag(g));
  if (unchanged) return unchanged;
  const resource = toScimGroup(g, scimBase(req), withMembers);
  return scimJson(params ? project(resource, params) : resource, { headers: { ETag: groupEtag(g) } });
};

// GET /scim/v2/Groups/{id}
export const GET = scimRoute<Params>(async ({ req, actor, params }) =>
  answer(req, await getScimGroup(actor, params.id), new URL(req.url).searchParams),
);

// PUT /scim/v2/Groups/{id}
export const PUT = scimRoute<Params>(async ({ req, actor, params }) =>
  answer(
    req,
    await replaceScimGroup(actor, params.id, await readScimBody(req), ifMatchVersion(req)),
    new URL(req.url).searchParams,
  ),
);

// PATCH /scim/v2/Groups/{id} — members added and removed, names replaced
export const PATCH = scimRoute<Params>(async ({ req, actor, params }) =>
  answer(
    req,
    await patchScimGroup(actor, params.id, await readScimBody(req), ifMatchVersion(req)),
    new URL(req.url).searchParams,
  ),
);

// DELETE /scim/v2/Groups/{id}
export const DELETE = scimRoute<Params>(async ({ req, actor, params }) => {
  await deleteScimGroup(actor, params.id, ifMatchVersion(req));
  return new Response(null, { status: 204 });
});

export const { POST } = notAllowed("GET", "PUT", "PATCH", "DELETE");
