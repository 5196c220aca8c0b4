import { cookieMap, originOf } from "@/lib/api/http/request-actor";
import { signInRoute } from "@/lib/api/http/route";
import { completeAnswer, pendingFrom } from "@/lib/api/login/answers";
import { signInWithPasskey } from "@/lib/domain/sign-in/passkeys";
import { readJsonObject } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/sign-in/passkey — a passkey's signed answer ({"response"}): signed in
export const POST = signInRoute(async (req) => {
  const body = await readJsonObject(req);
  return completeAnswer(
    await signInWithPasskey(originOf(req), pendingFrom(cookieMap(req)), { response: body.response }),
  );
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
