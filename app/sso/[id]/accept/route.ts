import { cookieMap, originOf } from "@/lib/api/http/request-actor";
import { SSO_BINDING_COOKIE, ssoBrowserRoute, toConsole } from "@/lib/api/sso/browser";
import { confirmIdpSignIn } from "@/lib/domain/sso/sign-in";
import { readText } from "@/lib/platform/http/body";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /sso/{id}/accept — the person confirmed a SAML sign-in begun at the IdP (the interstitial's form;
// from this site only, in the browser the answer was bound to)
export const POST = ssoBrowserRoute<{ id: string }>(
  async (req, params) => {
    const form = new URLSearchParams(await readText(req));
    const out = await confirmIdpSignIn({
      connectionId: params.id,
      confirmId: form.get("confirm") ?? "",
      binding: cookieMap(req).get(SSO_BINDING_COOKIE),
      origin: originOf(req),
    });
    if (out.kind !== "signed_in") throw new Error("a confirmed sign-in is never a test");
    return toConsole(out.minted);
  },
  { sameSite: true },
);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
