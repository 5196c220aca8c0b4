// npm run admin -- <command>: the operator CLI. With the embedded database it
// routes through a running server (which holds the PGlite folder), else it
// opens the database itself.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { SingleBar } from "cli-progress";
import { runAdminCommand } from "../lib/cli/commands";
import { closeDb } from "../lib/platform/db/client";
import { databaseTarget, dataDirectory } from "../lib/platform/db/config";
import { isAlive } from "../lib/platform/db/pglite-lock";
import { serverInfoPath } from "../lib/server/cli-bridge";

async function viaServer(argv: string[]) {
  const file = serverInfoPath(dataDirectory());
  if (databaseTarget().kind !== "pglite" || !existsSync(file)) return null;
  const info = JSON.parse(readFileSync(file, "utf8")) as { pid: number; url: string; token: string };
  if (!isAlive(info.pid)) return null;
  const res = await fetch(`${info.url}/api/internal/cli`, {
    method: "POST",
    headers: { authorization: `Bearer ${info.token}`, "content-type": "application/json" },
    body: JSON.stringify({ argv }),
  });
  if (!res.ok) throw new Error(`The running server (pid ${info.pid}) refused the command: HTTP ${res.status}`);
  return (await res.json()) as Awaited<ReturnType<typeof runAdminCommand>>;
}

async function main() {
  // A file named on the command line is read by whichever process runs the command.
  const argv = process.argv.slice(2).map((a, i, all) => (all[i - 1] === "--csv" ? path.resolve(a) : a));
  const result = (await viaServer(argv)) ?? (await runAdminCommand(argv, { onProgress: progressBar() }));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  await closeDb();
  process.exit(result.exitCode);
}

main().catch(async (e) => {
  console.error(e instanceof Error ? e.message : e);
  await closeDb().catch(() => {});
  process.exit(1);
});

/** A progress bar on stderr for long commands (import-members); plain lines when not a terminal. */
function progressBar() {
  let bar: SingleBar | undefined;
  return (done: number, total: number) => {
    if (!bar) {
      bar = new SingleBar({
        format: "  {bar} {percentage}% | {value}/{total} rows | {eta}s left",
        stream: process.stderr,
        noTTYOutput: true,
        notTTYSchedule: 1000,
        hideCursor: true,
      });
      bar.start(total, 0);
    }
    bar.update(done);
    if (done >= total) bar.stop();
  };
}
