import { apiRoute } from "@/lib/api/http/route";
import { pathIdSchema, splitRecordBody } from "@/lib/api/records/schemas";
import { toRecord, withLinks } from "@/lib/api/records/serialize";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { getMember } from "@/lib/domain/users/get-user";
import { type UpdateProfileInput, updateProfile } from "@/lib/domain/users/update-profile";
import { readJsonObject } from "@/lib/platform/http/body";
import { etagOf, expectedVersion } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

type Params = { id: string };
const idOf = (params: Params) => parseInput(pathIdSchema, params).id;

// GET /api/v1/account/accounts/{id} — one record (seed 003)
export const GET = apiRoute<Params>(async ({ actor, params }) => {
  const member = await getMember(actor, idOf(params));
  return Response.json(toRecord(member), { headers: { ETag: etagOf(member) } });
});

async function update(req: Request, actor: Parameters<typeof getMember>[0], id: number, replace: boolean) {
  const { known, attributes } = splitRecordBody(await readJsonObject(req), id);
  const hasAttributes = Object.keys(attributes).length > 0;
  const updated = await updateProfile(
    actor,
    id,
    { ...known, ...(replace || hasAttributes ? { attributes } : {}) } as UpdateProfileInput,
    { replace, expectedVersion: expectedVersion(req, id) },
  );
  return Response.json(withLinks(updated), { headers: { ETag: etagOf(updated) } });
}

// PUT /api/v1/account/accounts/{id} — replace: attributes not sent are cleared (seed 003)
export const PUT = apiRoute<Params>(async ({ req, actor, params }) => update(req, actor, idOf(params), true));

// PATCH /api/v1/account/accounts/{id} — only what is sent changes (seed 003)
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) => update(req, actor, idOf(params), false));

// DELETE /api/v1/account/accounts/{id} — delete from the account; 204, empty body (seed 003)
export const DELETE = apiRoute<Params>(async ({ req, actor, params }) => {
  const id = idOf(params);
  await deleteMember(actor, id, { expectedVersion: expectedVersion(req, id) });
  return new Response(null, { status: 204 });
});

export const { POST } = notAllowed("GET", "PUT", "PATCH", "DELETE");
