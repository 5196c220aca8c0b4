import { cookieMap, originOf } from "@/lib/api/http/request-actor";
import { setCookieHeader } from "@/lib/api/http/session-cookie";
import {
  bindingCookie,
  bindingOf,
  SSO_BINDING_COOKIE,
  seeOther,
  ssoBrowserRoute,
  toConsole,
} from "@/lib/api/sso/browser";
import { claimIdpConfirmation, finishSsoSignIn } from "@/lib/domain/sso/sign-in";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /sso/{id}/callback — the identity provider's answer (OIDC: its redirect; SAML: after the ACS kept it):
// signed in (a session that acts only in the connection's account), or a test sign-in's result.
// ?confirm=<id>: a SAML sign-in begun at the IdP, bound to this browser and shown for the person to confirm.
export const GET = ssoBrowserRoute<{ id: string }>(async (req, params) => {
  const url = new URL(req.url);
  const confirm = url.searchParams.get("confirm");
  if (confirm) {
    const binding = bindingOf(req);
    await claimIdpConfirmation(params.id, confirm, binding.value);
    const headers = new Headers();
    if (binding.isNew) headers.append("Set-Cookie", setCookieHeader(bindingCookie(binding.value)));
    return seeOther(`/sso/${encodeURIComponent(params.id)}/confirm?c=${encodeURIComponent(confirm)}`, headers);
  }
  const out = await finishSsoSignIn({
    connectionId: params.id,
    callback: url,
    binding: cookieMap(req).get(SSO_BINDING_COOKIE),
    origin: originOf(req),
  });
  if (out.kind === "tested") return seeOther(`/settings/sso/${out.connectionId}/tests/${out.testId}`);
  return toConsole(out.minted, out.returnTo);
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
