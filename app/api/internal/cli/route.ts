import { runAdminCommand } from "@/lib/cli/commands";
import { cliTokenMatches } from "@/lib/server/cli-bridge";

// POST /api/internal/cli: the operator CLI, routed through the server that holds
// the embedded database. Only callers holding the token from ./data/server.json.
export async function POST(req: Request) {
  const token = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? null;
  if (!cliTokenMatches(token)) {
    return Response.json({ error: "Not found", code: "not_found", details: [] }, { status: 404 });
  }
  const body = (await req.json().catch(() => null)) as { argv?: unknown } | null;
  const argv = body?.argv;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === "string")) {
    return Response.json(
      {
        error: "argv must be an array of strings",
        code: "invalid_input",
        details: [{ field: "argv", message: "must be an array of strings" }],
      },
      { status: 422 },
    );
  }
  return Response.json(await runAdminCommand(argv));
}
