import { publicRoute } from "@/lib/api/http/route";
import { notAllowed } from "@/lib/platform/http/not-allowed";

// GET /api/health — liveness for load balancers and uptime checks: answers
// without touching the database (the benchmark's framework floor, too).
export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => Response.json({ status: "ok" }));

export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
