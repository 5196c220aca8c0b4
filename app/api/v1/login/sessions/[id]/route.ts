import { personRoute } from "@/lib/api/http/route";
import { endOwnSession } from "@/lib/domain/sign-in/own-sessions";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// DELETE /api/v1/login/sessions/{id} — end one of your sessions
export const DELETE = personRoute<{ id: string }>(async ({ actor, params }) => {
  await endOwnSession(actor, params.id);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH } = notAllowed("DELETE");
