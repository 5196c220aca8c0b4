import { apiRoute } from "@/lib/api/http/route";
import { connectionSpMetadata } from "@/lib/domain/sso/connections";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/sso/connections/{id}/saml/metadata — the SP metadata to give the IdP (a download in the console)
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const { xml, id } = await connectionSpMetadata(actor, params.id);
  return new Response(xml, {
    headers: {
      "Content-Type": "application/samlmetadata+xml",
      "Content-Disposition": `attachment; filename="roster-sso-${id}-metadata.xml"`,
      "Cache-Control": "no-store",
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
