import { runAdminCommand } from "@/lib/cli/commands";
import { DomainError } from "@/lib/platform/errors";
import { guard } from "@/lib/platform/http/guard";
import { notAllowed } from "@/lib/platform/http/not-allowed";
import { errorResponse } from "@/lib/platform/http/responses";
import { cliTokenMatches } from "@/lib/server/cli-bridge";

// POST /api/internal/cli: the operator CLI, routed through the server that holds
// the embedded database. Only callers holding the token from ./data/server.json;
// anyone else is answered as if the path did not exist.
export const POST = guard<null, unknown>(
  {
    authenticate: async (req) => {
      const token = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? null;
      if (!cliTokenMatches(token)) throw new DomainError("not_found", "Not found");
      return null;
    },
    toError: errorResponse,
  },
  async (req) => {
    const body = (await req.json().catch(() => null)) as { argv?: unknown } | null;
    const argv = body?.argv;
    if (!Array.isArray(argv) || !argv.every((a) => typeof a === "string")) {
      throw new DomainError("invalid_input", "argv must be an array of strings", [
        { field: "argv", message: "must be an array of strings" },
      ]);
    }
    return Response.json(await runAdminCommand(argv));
  },
);

export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
