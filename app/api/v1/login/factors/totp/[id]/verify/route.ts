import { personRoute } from "@/lib/api/http/route";
import { jsonNoStore } from "@/lib/api/login/answers";
import { confirmTotpEnrollment } from "@/lib/domain/sign-in/factors";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/factors/totp/{id}/verify — confirm the app with a code; the first factor answers recovery codes
export const POST = personRoute<{ id: string }>(async ({ req, actor, params }) => {
  const body = await readJsonObject(req);
  const r = await confirmTotpEnrollment(actor, params.id, { code: body.code });
  return jsonNoStore({ id: Number(params.id), recoveryCodes: r.recoveryCodes });
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
