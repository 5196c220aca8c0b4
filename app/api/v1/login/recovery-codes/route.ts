import { personRoute } from "@/lib/api/http/route";
import { jsonNoStore } from "@/lib/api/login/answers";
import { regenerateRecoveryCodes } from "@/lib/domain/sign-in/factors";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/recovery-codes — a new set of ten; the old ones stop working
export const POST = personRoute(async ({ actor }) => jsonNoStore(await regenerateRecoveryCodes(actor)));

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
