import { scimJson } from "@/lib/api/scim/errors";
import { createScimGroup, groupEtag, listScimGroups, toScimGroup } from "@/lib/api/scim/groups";
import { listQuery, project, readScimBody, scimBase, scimRoute } from "@/lib/api/scim/http";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /scim/v2/Groups — filter (displayName, externalId, members), paging, attributes
export const GET = scimRoute(async ({ req, actor }) => {
  const params = new URL(req.url).searchParams;
  const withMembers = !/(^|,)\s*members\s*(,|$)/i.test(params.get("excludedAttributes") ?? "");
  const list = await listScimGroups(actor, listQuery(params), scimBase(req), withMembers);
  return scimJson({ ...list, Resources: list.Resources.map((r) => project(r, params)) });
});

// POST /scim/v2/Groups
export const POST = scimRoute(async ({ req, actor }) => {
  const created = await createScimGroup(actor, await readScimBody(req));
  const resource = toScimGroup(created, scimBase(req));
  return scimJson(project(resource, new URL(req.url).searchParams), {
    status: 201,
    headers: { Location: resource.meta.location, ETag: groupEtag(created) },
  });
});

export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST");
