import { ssoBrowserRoute } from "@/lib/api/sso/browser";
import { publicSpMetadata } from "@/lib/domain/sso/connections";
import { isDomainError } from "@/lib/platform/errors";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /sso/{id}/metadata — a SAML connection's entity id is this URL: its SP metadata (public, as IdPs fetch it).
// An IdP reads it, not a person: no connection here is a plain 404, not the sign-in page.
export const GET = ssoBrowserRoute<{ id: string }>(async (_req, params) => {
  try {
    const xml = await publicSpMetadata(params.id);
    return new Response(xml, {
      headers: { "Content-Type": "application/samlmetadata+xml", "Cache-Control": "no-cache" },
    });
  } catch (e) {
    if (isDomainError(e) && (e.code === "not_found" || e.code === "invalid_input"))
      return new Response(`${e.message}\n`, { status: 404, headers: { "Content-Type": "text/plain" } });
    throw e;
  }
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
