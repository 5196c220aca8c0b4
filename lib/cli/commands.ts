import "server-only";
import { parseArgs } from "node:util";
import { createAccount } from "../accounts/create-account";
import { listAccounts } from "../accounts/list-accounts";
import { systemActor } from "../actor";
import { isDomainError } from "../errors";
import { resetPassword } from "../users/reset-password";

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-account --name N --email E [--password P] [--domain D] [--json]
      Create an account with E as its ACTIVE SUPER; prints its API key.
  list-accounts [--json]
      List every account with its member counts.
  reset-password --email E [--password P] [--json]
      Set a user's password (a generated one when --password is not given).
`;

const OPTIONS = {
  name: { type: "string" },
  email: { type: "string" },
  password: { type: "string" },
  domain: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** Runs one operator command through the domain module; the same code serves the CLI and the server route. */
export async function runAdminCommand(argv: string[]): Promise<CommandResult> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return fail(`${(e as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [command] = positionals;
  const actor = systemActor("cli");
  const out = (human: string, json: unknown): CommandResult => ({
    exitCode: 0,
    stdout: `${values.json ? JSON.stringify(json) : human}\n`,
    stderr: "",
  });
  try {
    switch (command) {
      case "create-account": {
        if (!values.name || !values.email) return fail(`create-account needs --name and --email\n\n${USAGE}`);
        const r = await createAccount(actor, {
          name: values.name,
          email: values.email,
          password: values.password,
          domain: values.domain,
        });
        return out(
          `Created account ${r.accountId} (${values.name}) with ${values.email} as SUPER (user ${r.userId}).\nAPI key: ${r.apiKey}`,
          { accountId: r.accountId, userId: r.userId, apiKey: r.apiKey },
        );
      }
      case "list-accounts": {
        const rows = await listAccounts(actor);
        const human = rows.length
          ? rows
              .map(
                (a) =>
                  `${String(a.id).padStart(5)}  ${a.name}  (${a.domain ?? "no domain"})  ${a.active}/${a.members} active`,
              )
              .join("\n")
          : "No accounts yet.";
        return out(human, rows);
      }
      case "reset-password": {
        if (!values.email) return fail(`reset-password needs --email\n\n${USAGE}`);
        const r = await resetPassword(actor, values.email, values.password);
        return out(r.password ? `New password for ${r.email}: ${r.password}` : `Password set for ${r.email}.`, {
          userId: r.userId,
          email: r.email,
          ...(r.password ? { password: r.password } : {}),
        });
      }
      case undefined:
      case "help":
        return { exitCode: values.help || command === "help" ? 0 : 1, stdout: USAGE, stderr: "" };
      default:
        return fail(`Unknown command: ${command}\n\n${USAGE}`);
    }
  } catch (e) {
    if (isDomainError(e)) {
      const detail = e.details.map((d) => `  ${d.field}: ${d.message}`).join("\n");
      return fail(`${e.message}${detail ? `\n${detail}` : ""}`);
    }
    throw e;
  }
}

const fail = (message: string): CommandResult => ({ exitCode: 1, stdout: "", stderr: `${message.trimEnd()}\n` });
