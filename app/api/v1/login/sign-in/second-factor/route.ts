import { cookieMap, originOf } from "@/lib/api/http/request-actor";
import { signInRoute } from "@/lib/api/http/route";
import { completeAnswer, pendingFrom } from "@/lib/api/login/answers";
import { signInWithPasskey } from "@/lib/domain/sign-in/passkeys";
import { completeSecondFactor } from "@/lib/domain/sign-in/sign-in";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/sign-in/second-factor — the pending sign-in's code ({"code"}, {"recoveryCode"} or {"webauthn": a passkey's answer})
export const POST = signInRoute(async (req) => {
  const body = await readJsonObject(req);
  const pending = pendingFrom(cookieMap(req));
  // A passkey's signed answer, or a code.
  const minted =
    body.webauthn !== undefined
      ? await signInWithPasskey(originOf(req), pending, { response: body.webauthn })
      : await completeSecondFactor(originOf(req), pending, { code: body.code, recoveryCode: body.recoveryCode });
  return completeAnswer(minted);
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
