import { intParam } from "@/lib/api/pagination";
import { toAccount } from "@/lib/api/users-api/serialize";
import { getAccount } from "@/lib/domain/accounts/get-account";
import { DomainError } from "@/lib/platform/errors";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { apiRoute } from "@/lib/platform/http/route";

// GET /api/v1/account — the caller's account with a page of its users; API keys only for ADMIN and SUPER (seed 000)
export const GET = apiRoute(async ({ req, actor }) => {
  const params = new URL(req.url).searchParams;
  for (const key of params.keys())
    if (key !== "users_page" && key !== "users_limit")
      throw new DomainError("bad_request", `Unknown parameter "${key}"`, [
        { field: key, message: "unknown parameter" },
      ]);
  const page = intParam(params, "users_page", 1, 1, 1_000_000);
  const limit = intParam(params, "users_limit", 100, 1, 1000);
  return Response.json(toAccount(await getAccount(actor, { page, limit })));
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
