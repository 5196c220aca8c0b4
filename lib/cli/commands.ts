import "server-only";
import { parseArgs } from "node:util";
import { createAccount } from "../domain/accounts/create-account";
import { listAccounts } from "../domain/accounts/list-accounts";
import { createScimToken } from "../domain/credentials/scim-tokens";
import { importMembers } from "../domain/members/import-members";
import { resetFactorsByOperator } from "../domain/sign-in/factors";
import { resetPassword } from "../domain/users/reset-password";
import { systemActor } from "../platform/auth/actor";
import { memberByEmail } from "../platform/auth/authenticate";
import { isDomainError } from "../platform/errors";
import { parseId } from "../platform/validation";
import { openMembersCsv } from "./import-csv";

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
  reset-factors --email E [--json]
      Remove every second factor and recovery code of a locked-out person and
      end their sessions (audited); they sign in with their password alone.
  create-scim-token --account ID --email ADMIN_EMAIL --label L [--json]
      Create a SCIM token for an identity provider, acting as that ACTIVE
      ADMIN or SUPER of the account; prints the token once.
  import-members --account ID --csv FILE [--json]
      Add every row of FILE (header: email, firstName, lastName, role, title, …;
      other columns become custom attributes) as ACTIVE members with API keys.
      All or nothing: a bad row is named by its line and nothing is imported.
`;

const OPTIONS = {
  name: { type: "string" },
  email: { type: "string" },
  password: { type: "string" },
  domain: { type: "string" },
  account: { type: "string" },
  csv: { type: "string" },
  label: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** Runs one operator command through the domain module; the same code serves the CLI and the server route. */
export async function runAdminCommand(
  argv: string[],
  hooks: { onProgress?: (done: number, total: number) => void } = {},
): Promise<CommandResult> {
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
      case "reset-factors": {
        if (!values.email) return fail(`reset-factors needs --email\n\n${USAGE}`);
        const r = await resetFactorsByOperator(values.email);
        return out(`Removed ${r.removed} second factor(s) of ${values.email}; every session ended.`, r);
      }
      case "create-scim-token": {
        const accountId = parseId(values.account);
        if (accountId === null || !values.email || !values.label)
          return fail(`create-scim-token needs --account <id>, --email <admin email> and --label <name>\n\n${USAGE}`);
        const admin = await memberByEmail(accountId, values.email);
        if (!admin) return fail(`${values.email} is not an ACTIVE member of account ${values.account}`);
        const r = await createScimToken(admin, { label: values.label });
        return out(`SCIM token for account ${values.account} (${values.label}): ${r.token}`, {
          id: r.id,
          token: r.token,
        });
      }
      case "import-members": {
        const accountId = parseId(values.account);
        if (accountId === null || !values.csv)
          return fail(`import-members needs --account <id> and --csv <file>\n\n${USAGE}`);
        const started = Date.now();
        const source = await openMembersCsv(values.csv);
        const r = await importMembers(actor, accountId, source, hooks.onProgress);
        const seconds = (Date.now() - started) / 1000;
        const rate = Math.round(r.imported / Math.max(seconds, 0.001));
        return out(
          `Imported ${r.imported} members into account ${values.account} (${r.newUsers} new users) in ${seconds.toFixed(1)} s, ${rate} members/s.`,
          { imported: r.imported, newUsers: r.newUsers, seconds, perSecond: rate },
        );
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
