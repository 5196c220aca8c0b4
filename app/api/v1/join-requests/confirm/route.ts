import { originOf } from "@/lib/api/http/request-actor";
import { publicRoute } from "@/lib/api/http/route";
import { joinConfirmBodySchema } from "@/lib/api/users-api/schemas";
import { confirmJoin } from "@/lib/domain/members/request-to-join";
import { STATUS_CODES } from "@/lib/domain/members/status";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

// POST /api/v1/join-requests/confirm — follow the mailed join link (its token; a password if the person has none of their own); public
export const POST = publicRoute(async (req) => {
  const body = parseInput(joinConfirmBodySchema, await readJsonObject(req));
  const r = await confirmJoin(originOf(req), { token: body.token, password: body.password });
  return Response.json(
    {
      account_id: r.accountId,
      user_id: r.userId,
      status: r.status,
      status_code: STATUS_CODES[r.status as keyof typeof STATUS_CODES],
    },
    { status: 201 },
  );
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
