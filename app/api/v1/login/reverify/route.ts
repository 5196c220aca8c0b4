import { personRoute } from "@/lib/api/http/route";
import { jsonNoStore } from "@/lib/api/login/answers";
import { reverify } from "@/lib/domain/sign-in/factors";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/reverify — prove it is you again ({"code"}, {"recoveryCode"} or, without a factor, {"password"})
export const POST = personRoute(async ({ req, actor }) =>
  jsonNoStore(await reverify(actor, await readJsonObject(req))),
);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
