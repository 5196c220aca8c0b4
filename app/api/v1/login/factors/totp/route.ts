import { personRoute } from "@/lib/api/http/route";
import { jsonNoStore } from "@/lib/api/login/answers";
import { startTotpEnrollment } from "@/lib/domain/sign-in/factors";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/factors/totp — begin adding an authenticator app: its secret, once
export const POST = personRoute(async ({ req, actor }) => {
  const body = await readJsonObject(req);
  return jsonNoStore(await startTotpEnrollment(actor, { name: body.name }));
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
