import { pathIdSchema } from "@/lib/api/accounts/schemas";
import { plain, withSelf } from "@/lib/api/groups/schemas";
import { deleteGroup, getGroup, updateGroup } from "@/lib/groups/groups";
import type { GroupInput } from "@/lib/groups/schemas";
import { readJsonObject } from "@/lib/http/body";
import { apiRoute } from "@/lib/http/route";
import { parseInput } from "@/lib/validation";

type Params = { id: string };
const BASE = "/api/v1/groups";
const idOf = (params: Params) => parseInput(pathIdSchema, params).id;

// GET /api/v1/groups/{id} — one group
export const GET = apiRoute<Params>(async ({ actor, params }) =>
  Response.json(plain(await getGroup(actor, idOf(params)))),
);

// PUT /api/v1/groups/{id} — replace name and members (members not sent: none)
export const PUT = apiRoute<Params>(async ({ req, actor, params }) => {
  const body = (await readJsonObject(req)) as GroupInput;
  return Response.json(withSelf(BASE, await updateGroup(actor, idOf(params), { members: [], ...body })));
});

// PATCH /api/v1/groups/{id} — rename and/or replace the members
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) =>
  Response.json(withSelf(BASE, await updateGroup(actor, idOf(params), (await readJsonObject(req)) as GroupInput))),
);

// DELETE /api/v1/groups/{id} — delete the group (members stay in the account)
export const DELETE = apiRoute<Params>(async ({ actor, params }) => {
  await deleteGroup(actor, idOf(params));
  return new Response(null, { status: 204 });
});
