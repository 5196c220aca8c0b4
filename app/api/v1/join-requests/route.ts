import { joinRequestBodySchema } from "@/lib/api/account/schemas";
import { originOf, sessionUserIdFromRequest } from "@/lib/auth/request-actor";
import { readJsonObject } from "@/lib/http/body";
import { errorResponse } from "@/lib/http/responses";
import { requestToJoin } from "@/lib/members/request-to-join";
import { STATUS_CODES } from "@/lib/members/status";
import { parseInput } from "@/lib/validation";

// POST /api/v1/join-requests — ask to join an account (signed in, or as a new person with email and password); public
export async function POST(req: Request) {
  try {
    const body = parseInput(joinRequestBodySchema, await readJsonObject(req));
    const userId = await sessionUserIdFromRequest(req);
    const r = await requestToJoin(
      { kind: "public", userId: userId ?? undefined, ...originOf(req) },
      {
        accountId: body.account_id,
        email: body.email,
        password: body.password,
        firstName: body.first_name,
        lastName: body.last_name,
      },
    );
    return Response.json(
      { account_id: r.accountId, user_id: r.userId, status: r.status, status_code: STATUS_CODES[r.status] },
      { status: 201 },
    );
  } catch (e) {
    return errorResponse(e);
  }
}
