import { apiRoute } from "@/lib/api/http/route";
import { getConnection } from "@/lib/domain/sso/connections";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// POST /api/v1/sso/connections/{id}/test — where to open a test sign-in (no session; shows what the IdP sends)
export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const c = await getConnection(actor, params.id);
  return Response.json({ url: `${c.signInUrl}?test=1` });
});

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
