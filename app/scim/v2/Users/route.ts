import { scimJson } from "@/lib/api/scim/errors";
import { listQuery, project, readScimBody, scimBase, scimRoute } from "@/lib/api/scim/http";
import { createScimUser, listScimUsers, toScimUser, type UserInput, userEtag } from "@/lib/api/scim/users";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /scim/v2/Users — filter, startIndex, count, sortBy, sortOrder, attributes, excludedAttributes
export const GET = scimRoute(async ({ req, actor }) => {
  const params = new URL(req.url).searchParams;
  const list = await listScimUsers(actor, listQuery(params), scimBase(req));
  return scimJson({ ...list, Resources: list.Resources.map((r) => project(r, params)) });
});

// POST /scim/v2/Users — provision a member (ACTIVE, or SUSPENDED when active is false)
export const POST = scimRoute(async ({ req, actor }) => {
  const created = await createScimUser(actor, (await readScimBody(req)) as UserInput);
  const resource = toScimUser(created, scimBase(req));
  return scimJson(project(resource, new URL(req.url).searchParams), {
    status: 201,
    headers: { Location: resource.meta.location, ETag: userEtag(created) },
  });
});

export const { PUT, PATCH, DELETE } = notAllowed("GET", "POST");
