import { personRoute } from "@/lib/api/http/route";
import { removeFactor } from "@/lib/domain/sign-in/factors";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// DELETE /api/v1/login/factors/{id} — remove one of your own factors (after a recent verification)
export const DELETE = personRoute<{ id: string }>(async ({ actor, params }) => {
  await removeFactor(actor, params.id);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH } = notAllowed("DELETE");
