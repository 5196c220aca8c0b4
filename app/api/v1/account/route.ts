import { apiRoute } from "@/lib/api/http/route";
import { parseQuery } from "@/lib/api/query-params";
import { accountQuerySchema } from "@/lib/api/users-api/schemas";
import { toAccount } from "@/lib/api/users-api/serialize";
import { getAccount } from "@/lib/domain/accounts/get-account";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/account — the caller's account with a page of its users; API keys only for ADMIN and SUPER (seed 000)
export const GET = apiRoute(async ({ req, actor }) => {
  const q = parseQuery(accountQuerySchema, new URL(req.url).searchParams);
  return Response.json(toAccount(await getAccount(actor, { page: q.users_page, limit: q.users_limit })));
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
