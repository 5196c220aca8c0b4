import { apiRoute } from "@/lib/api/http/route";
import { parseQuery } from "@/lib/api/query-params";
import { patchUserBodySchema, userQuerySchema } from "@/lib/api/users-api/schemas";
import { toUser } from "@/lib/api/users-api/serialize";
import { getMember } from "@/lib/domain/users/get-user";
import { updateProfile } from "@/lib/domain/users/update-profile";
import { readJsonObject } from "@/lib/platform/http/body";
import { etagOf, expectedVersion } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

// GET /api/v1/user — the caller (or ?user_id= of a member) without membership data (seed 000)
export const GET = apiRoute(async ({ req, actor }) => {
  const { user_id } = parseQuery(userQuerySchema, new URL(req.url).searchParams);
  const m = await getMember(actor, user_id);
  return Response.json(toUser(m), { headers: { ETag: etagOf(m) } });
});

// PATCH /api/v1/user — update the given user's (default: the caller's) profile fields (seed 000)
export const PATCH = apiRoute(async ({ req, actor }) => {
  const body = parseInput(patchUserBodySchema, await readJsonObject(req));
  const userId = body.user_id ?? actor.userId;
  const updated = await updateProfile(
    actor,
    userId,
    {
      firstName: body.first_name,
      middleName: body.middle_name,
      lastName: body.last_name,
      email: body.email,
      personId: body.person_id,
      contributeAs: body.contribute_as,
      termsAccepted: body.terms_accepted,
    },
    { expectedVersion: expectedVersion(req, userId) },
  );
  return Response.json(toUser(updated), { headers: { ETag: etagOf(updated) } });
});

export const { POST, PUT, DELETE } = notAllowed("GET", "PATCH");
