import { apiRoute } from "@/lib/api/http/route";
import { userIdBodySchema } from "@/lib/api/users-api/schemas";
import { refreshCredential } from "@/lib/domain/credentials/refresh-credential";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { parseInput } from "@/lib/platform/validation";

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
