import { cookieMap, originOf } from "@/lib/api/http/request-actor";
import { signInRoute } from "@/lib/api/http/route";
import { completeAnswer, pendingFrom } from "@/lib/api/login/answers";
import { completeSecondFactor } from "@/lib/domain/sign-in/sign-in";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/sign-in/second-factor — the pending sign-in's code ({"code"} or {"recoveryCode"})
export const POST = signInRoute(async (req) => {
  const body = await readJsonObject(req);
  const minted = await completeSecondFactor(originOf(req), pendingFrom(cookieMap(req)), {
    code: body.code,
    recoveryCode: body.recoveryCode,
  });
  return completeAnswer(minted);
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
