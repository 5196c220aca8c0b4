import { personRoute } from "@/lib/api/http/route";
import { jsonNoStore } from "@/lib/api/login/answers";
import { startPasskeyRegistration } from "@/lib/domain/sign-in/passkeys";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/factors/passkeys — begin adding a passkey: options for navigator.credentials.create
export const POST = personRoute(async ({ req, actor }) => {
  const body = await readJsonObject(req);
  return jsonNoStore(await startPasskeyRegistration(actor, { name: body.name }));
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
