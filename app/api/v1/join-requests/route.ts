import { originOf, sessionUserIdFromRequest } from "@/lib/api/http/request-actor";
import { publicRoute } from "@/lib/api/http/route";
import { joinRequestBodySchema } from "@/lib/api/users-api/schemas";
import { requestToJoin } from "@/lib/domain/members/request-to-join";
import { STATUS_CODES } from "@/lib/domain/members/status";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

// POST /api/v1/join-requests — ask to join an account (signed in; or anyone, confirmed by a mailed link); public
export const POST = publicRoute(async (req) => {
  const body = parseInput(joinRequestBodySchema, await readJsonObject(req));
  const userId = await sessionUserIdFromRequest(req);
  const r = await requestToJoin(
    { kind: "public", userId: userId ?? undefined, ...originOf(req) },
    { accountId: body.account_id, email: body.email, firstName: body.first_name, lastName: body.last_name },
  );
  if (r.status === "CONFIRMATION_SENT") {
    return Response.json(
      {
        account_id: r.accountId,
        status: r.status,
        message: "If the address can receive mail, a link to confirm the request is on its way",
      },
      { status: 202 },
    );
  }
  return Response.json(
    { account_id: r.accountId, user_id: r.userId, status: r.status, status_code: STATUS_CODES.REQUESTED },
    { status: 202 },
  );
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
