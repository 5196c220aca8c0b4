import { personRoute } from "@/lib/api/http/route";
import { jsonNoStore, toFactor } from "@/lib/api/login/answers";
import { listOwnFactors } from "@/lib/domain/sign-in/factors";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/login/factors — the signed-in person's second factors and recovery codes left
export const GET = personRoute(async ({ actor }) => {
  const r = await listOwnFactors(actor);
  return jsonNoStore({ factors: r.factors.map(toFactor), recoveryCodesLeft: r.recoveryCodesLeft });
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
