// GET /api/health — liveness for load balancers and uptime checks: answers
// without touching the database (the benchmark's framework floor, too).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
