import { apiRoute } from "@/lib/api/http/route";
import { addUserBodySchema } from "@/lib/api/users-api/schemas";
import { toMember } from "@/lib/api/users-api/serialize";
import { addMember } from "@/lib/domain/members/add-member";
import { readJsonObject } from "@/lib/platform/http/body";
import { etagOf } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

// POST /api/v1/account/users — add a user: ACTIVE at once, with an API key (seed 000);
// a person with a Roster login elsewhere is invited instead
export const POST = apiRoute(
  async ({ req, actor }) => {
    const body = parseInput(addUserBodySchema, await readJsonObject(req));
    const added = await addMember(actor, {
      email: body.email,
      firstName: body.first_name,
      lastName: body.last_name,
      role: body.role,
    });
    const headers = { Location: `/api/v1/user?user_id=${added.userId}`, ETag: etagOf(added) };
    if (added.apiKey) return Response.json({ ...toMember(added), api_key: added.apiKey }, { status: 201, headers });
    // A person with a login elsewhere: invited, not enlisted (they accept as themselves).
    const invitation = added.invitation as NonNullable<typeof added.invitation>;
    return Response.json(
      {
        ...toMember(added),
        invitation: {
          id: invitation.id,
          status: invitation.status,
          expires_at: invitation.expiresAt.toISOString(),
          emailed: added.emailed ?? false,
        },
      },
      { status: 201, headers },
    );
  },
  { idempotent: true },
);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
