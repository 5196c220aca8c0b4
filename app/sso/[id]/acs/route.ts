import { seeOther, ssoBrowserRoute } from "@/lib/api/sso/browser";
import { receiveSamlResponse } from "@/lib/domain/sso/sign-in";
import { readText } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /sso/{id}/acs — SAML's assertion consumer service: the IdP's form post (from the IdP's site, so
// without our SameSite cookie). Checked and kept; the browser goes on to a same-site GET that proves it
// began the sign-in (or, begun at the IdP, to the page where the person confirms).
export const POST = ssoBrowserRoute<{ id: string }>(async (req, params) => {
  const form = new URLSearchParams(await readText(req, 1024 * 1024));
  const out = await receiveSamlResponse({
    connectionId: params.id,
    samlResponse: form.get("SAMLResponse"),
    relayState: form.get("RelayState"),
  });
  if (out.kind === "tested") return seeOther(`/settings/sso/${out.connectionId}/tests/${out.testId}`);
  if (out.kind === "confirm")
    return seeOther(`/sso/${out.connectionId}/callback?confirm=${encodeURIComponent(out.confirmId)}`);
  return seeOther(`/sso/${out.connectionId}/callback?state=${encodeURIComponent(out.state)}`);
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
