import { personRoute } from "@/lib/api/http/route";
import { jsonNoStore } from "@/lib/api/login/answers";
import { finishPasskeyRegistration } from "@/lib/domain/sign-in/passkeys";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/factors/passkeys/{id}/verify — the browser's registration answer; a first factor answers recovery codes
export const POST = personRoute<{ id: string }>(async ({ req, actor, params }) => {
  const body = await readJsonObject(req);
  return jsonNoStore(await finishPasskeyRegistration(actor, params.id, { response: body.response }));
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
