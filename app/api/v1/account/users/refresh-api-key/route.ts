import { userIdBodySchema } from "@/lib/api/account/schemas";
import { refreshCredential } from "@/lib/credentials/refresh-credential";
import { readJsonObject } from "@/lib/http/body";
import { notAllowed } from "@/lib/http/not-allowed";
import { apiRoute } from "@/lib/http/route";
import { parseInput } from "@/lib/validation";

// POST /api/v1/account/users/refresh-api-key — a new key; the old one stops working at once (seed 000)
export const POST = apiRoute(
  async ({ req, actor }) => {
    const { user_id } = parseInput(userIdBodySchema, await readJsonObject(req));
    const { userId, apiKey } = await refreshCredential(actor, user_id);
    return Response.json({ user_id: userId, api_key: apiKey });
  },
  { idempotent: true },
);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
