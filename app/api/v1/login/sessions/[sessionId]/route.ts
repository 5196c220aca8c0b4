import { personRoute } from "@/lib/api/http/route";
import { endOwnSession } from "@/lib/domain/sign-in/own-sessions";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// DELETE /api/v1/login/sessions/{sessionId} — end one of your sessions
export const DELETE = personRoute<{ sessionId: string }>(async ({ actor, params }) => {
  await endOwnSession(actor, params.sessionId);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH } = notAllowed("DELETE");
