// The framework's floor: a Next.js app of the same version with one route
// handler and no configuration. npm run bench serves it beside Roster.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
