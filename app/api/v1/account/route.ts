import { getAccount } from "@/lib/accounts/get-account";
import { toAccount } from "@/lib/api/account/serialize";
import { apiRoute } from "@/lib/http/route";

// GET /api/v1/account — the caller's account with its users; API keys only for ADMIN and SUPER (seed 000)
export const GET = apiRoute(async ({ actor }) => Response.json(toAccount(await getAccount(actor))));
