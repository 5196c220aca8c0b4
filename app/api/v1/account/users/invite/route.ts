import { apiRoute } from "@/lib/api/http/route";
import { inviteUserBodySchema } from "@/lib/api/users-api/schemas";
import { toMember } from "@/lib/api/users-api/serialize";
import { invitationUrl } from "@/lib/domain/invitations/invitation-mail";
import { inviteMember } from "@/lib/domain/invitations/invite-member";
import { readJsonObject } from "@/lib/platform/http/body";
import { etagOf } from "@/lib/platform/http/etag";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

// POST /api/v1/account/users/invite — an INVITED membership and a pending invitation (seed 000)
export const POST = apiRoute(
  async ({ req, actor }) => {
    const body = parseInput(inviteUserBodySchema, await readJsonObject(req));
    const r = await inviteMember(actor, {
      email: body.email,
      firstName: body.first_name,
      lastName: body.last_name,
      role: body.role,
    });
    return Response.json(
      {
        ...toMember(r.member),
        invitation: {
          id: r.invitation.id,
          status: r.invitation.status,
          expires_at: r.invitation.expiresAt.toISOString(),
          url: invitationUrl(r.token),
        },
      },
      {
        status: 201,
        headers: { Location: `/api/v1/user?user_id=${r.member.userId}`, ETag: etagOf(r.member) },
      },
    );
  },
  { idempotent: true },
);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
