import { cookieMap, originOf } from "@/lib/api/http/request-actor";
import { sessionCookie, setCookieHeader } from "@/lib/api/http/session-cookie";
import { SSO_BINDING_COOKIE, seeOther, ssoBrowserRoute } from "@/lib/api/sso/browser";
import { finishSsoSignIn } from "@/lib/domain/sso/sign-in";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /sso/{id}/callback — the identity provider's answer: signed in (a session
// that acts only in the connection's account), or a test sign-in's result
export const GET = ssoBrowserRoute<{ id: string }>(async (req, params) => {
  const out = await finishSsoSignIn({
    connectionId: params.id,
    callback: new URL(req.url),
    binding: cookieMap(req).get(SSO_BINDING_COOKIE),
    origin: originOf(req),
  });
  if (out.kind === "tested") return seeOther(`/settings/sso/${out.connectionId}/tests/${out.testId}`);
  const headers = new Headers();
  headers.append("Set-Cookie", setCookieHeader(await sessionCookie(out.minted)));
  return seeOther("/members", headers);
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
