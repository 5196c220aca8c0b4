import { cookieMap, originOf } from "@/lib/api/http/request-actor";
import { signInRoute } from "@/lib/api/http/route";
import { pendingCookie, setCookieHeader } from "@/lib/api/http/session-cookie";
import { jsonNoStore, pendingFrom } from "@/lib/api/login/answers";
import { CHALLENGE_TTL_S } from "@/lib/domain/sign-in/challenge";
import { passkeySignInOptions } from "@/lib/domain/sign-in/passkeys";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/login/sign-in/passkey/options — options for navigator.credentials.get (after the password, or alone)
export const POST = signInRoute(async (req) => {
  const r = await passkeySignInOptions(originOf(req), pendingFrom(cookieMap(req)));
  const res = jsonNoStore({ options: r.options });
  if (r.fresh) res.headers.append("Set-Cookie", setCookieHeader(pendingCookie(r.pending, CHALLENGE_TTL_S)));
  return res;
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
