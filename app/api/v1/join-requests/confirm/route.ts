import { joinConfirmBodySchema } from "@/lib/api/account/schemas";
import { originOf } from "@/lib/auth/request-actor";
import { readJsonObject } from "@/lib/http/body";
import { notAllowed } from "@/lib/http/not-allowed";
import { publicRoute } from "@/lib/http/route";
import { confirmJoin } from "@/lib/members/request-to-join";
import { STATUS_CODES } from "@/lib/members/status";
import { parseInput } from "@/lib/validation";

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
