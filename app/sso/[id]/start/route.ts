import { resolveActor, sessionUserIdFromRequest } from "@/lib/api/http/request-actor";
import { setCookieHeader } from "@/lib/api/http/session-cookie";
import { bindingCookie, bindingOf, seeOther, ssoBrowserRoute } from "@/lib/api/sso/browser";
import { beginSsoSignIn } from "@/lib/domain/sso/sign-in";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { sameOriginPath } from "@/lib/platform/http/redirects";

// GET /sso/{id}/start — sends the browser to the identity provider (?login_hint=<email> for it to fill in;
// ?test=1: an admin's test sign-in; ?reauth=1: sign in again to confirm it is you, ?return_to=<path> after)
export const GET = ssoBrowserRoute<{ id: string }>(async (req, params) => {
  const query = new URL(req.url).searchParams;
  const test = query.get("test") === "1";
  const binding = bindingOf(req);
  const { url } = await beginSsoSignIn({
    connectionId: params.id,
    binding: binding.value,
    signedInUserId: test ? null : await sessionUserIdFromRequest(req),
    tester: test ? await resolveActor(req) : undefined,
    loginHint: query.get("login_hint"),
    reauth: query.get("reauth") === "1",
    returnTo: query.has("return_to") ? sameOriginPath(query.get("return_to")) : null,
  });
  const headers = new Headers();
  if (binding.isNew) headers.append("Set-Cookie", setCookieHeader(bindingCookie(binding.value)));
  return seeOther(url, headers);
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
