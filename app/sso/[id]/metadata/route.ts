import { ssoBrowserRoute } from "@/lib/api/sso/browser";
import { publicSpMetadata } from "@/lib/domain/sso/connections";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /sso/{id}/metadata — a SAML connection's entity id is this URL: its SP metadata (public, as IdPs fetch it)
export const GET = ssoBrowserRoute<{ id: string }>(async (_req, params) => {
  const xml = await publicSpMetadata(params.id);
  return new Response(xml, {
    headers: { "Content-Type": "application/samlmetadata+xml", "Cache-Control": "no-cache" },
  });
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
