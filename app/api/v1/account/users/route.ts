import { addUserBodySchema } from "@/lib/api/users-api/schemas";
import { toMember } from "@/lib/api/users-api/serialize";
import { addMember } from "@/lib/domain/members/add-member";
import { readJsonObject } from "@/lib/platform/http/body";
import { etagOf } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { apiRoute } from "@/lib/platform/http/route";
import { parseInput } from "@/lib/platform/validation";

// POST /api/v1/account/users — add a user: ACTIVE at once, with an API key (seed 000)
export const POST = apiRoute(
  async ({ req, actor }) => {
    const body = parseInput(addUserBodySchema, await readJsonObject(req));
    const added = await addMember(actor, {
      email: body.email,
      firstName: body.first_name,
      lastName: body.last_name,
      role: body.role,
    });
    return Response.json(
      { ...toMember(added), api_key: added.apiKey },
      { status: 201, headers: { Location: `/api/v1/user?user_id=${added.userId}`, ETag: etagOf(added) } },
    );
  },
  { idempotent: true },
);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
