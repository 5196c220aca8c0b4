import { personRoute } from "@/lib/api/http/route";
import { jsonNoStore, toSession } from "@/lib/api/login/answers";
import { endOtherSessions, listOwnSessions } from "@/lib/domain/sign-in/own-sessions";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/v1/login/sessions — your live sessions (this one marked current)
export const GET = personRoute(async ({ actor }) =>
  jsonNoStore({ sessions: (await listOwnSessions(actor)).map(toSession) }),
);

// DELETE /api/v1/login/sessions — sign out everywhere else (this session stays)
export const DELETE = personRoute(async ({ actor }) => jsonNoStore(await endOtherSessions(actor)));

export const { POST, PUT, PATCH } = notAllowed("GET", "DELETE");
