import "server-only";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { seedDemoIfEmpty } from "../domain/demo/seed-demo";
import { recheckDomains } from "../domain/domains/domains";
import { eventRetentionDays, pruneEvents } from "../domain/events/retention";
import { expireInvitations } from "../domain/invitations/expire-invitations";
import { dispatchOnce } from "../domain/webhooks/dispatch";
import { closeDb, getDb } from "../platform/db/client";
import { databaseTarget, dataDirectory } from "../platform/db/config";
import { publishCliBridge } from "./cli-bridge";

/** Runs once when the server starts: migrate, seed an empty database, open the CLI bridge. */
export async function startServer(): Promise<void> {
  const target = databaseTarget();
  migrateInChildProcess();
  await getDb();
  const where = target.kind === "postgres" ? "PostgreSQL" : `embedded PGlite at ${target.dataDir}`;
  console.log(`[roster] database ready (${where})`);
  // The CLI needs the bridge with the embedded database; with PostgreSQL it is
  // only a convenience for local tooling (tests), never exposed without the token.
  publishCliBridge(dataDirectory(), Number(process.env.PORT ?? 3000));

  if (process.env.ROSTER_DEMO !== "0") {
    const demo = await seedDemoIfEmpty();
    if (demo) {
      const url = process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
      console.log(
        [
          "",
          '[roster] First start: created the demo account "Acme Corporation".',
          `[roster]   Sign in at ${url}/sign-in`,
          `[roster]   email:    ${demo.email}`,
          `[roster]   password: ${demo.password}`,
          `[roster]   admin API key: ${demo.apiKey}`,
          `[roster]   try: curl -H "Authorization: Bearer ${demo.apiKey}" ${url}/api/v1/account`,
          "",
        ].join("\n"),
      );
    }
  }

  scheduleDomainChecks();
  scheduleEventPruning();
  scheduleWebhookDelivery();

  const shutdown = () => {
    void closeDb().finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

/** Verified domains are looked at again daily: each server checks hourly for the ones due (a lapse is audited). */
function scheduleDomainChecks() {
  const run = () =>
    void recheckDomains()
      .then((r) => {
        if (r.lapsed.length) console.log(`[roster] domains lapsed (TXT record gone): ${r.lapsed.join(", ")}`);
      })
      .catch((e) => console.error(`[roster] domain re-check failed: ${(e as Error).message}`));
  setTimeout(run, 60_000).unref();
  setInterval(run, 3_600_000).unref();
}

/** Hourly: events past the retention go, and invitations past their expiry are recorded as expired (their events). */
function scheduleEventPruning() {
  const run = () => {
    void pruneEvents()
      .then((n) => {
        if (n) console.log(`[roster] pruned ${n} events past the retention (${eventRetentionDays()} days)`);
      })
      .catch((e) => console.error(`[roster] pruning events failed: ${(e as Error).message}`));
    void expireInvitations().catch((e) =>
      console.error(`[roster] expiring invitations failed: ${(e as Error).message}`),
    );
  };
  setTimeout(run, 90_000).unref();
  setInterval(run, 3_600_000).unref();
}

/**
 * Each server delivers webhooks: it polls for endpoints with events waiting
 * (ROSTER_WEBHOOK_POLL_MS, default 1000) and claims them by lease, so several
 * servers share the work and each event is posted by one of them.
 */
function scheduleWebhookDelivery() {
  const every = Math.max(100, Number(process.env.ROSTER_WEBHOOK_POLL_MS ?? 1000) || 1000);
  let running = false;
  let lastLogged = 0;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      // Keep going while there is work; then wait for the next tick.
      while ((await dispatchOnce()) > 0) {}
    } catch (e) {
      // Once a minute at most: a database outage is not a line per poll.
      if (Date.now() - lastLogged > 60_000) {
        lastLogged = Date.now();
        console.error(`[roster] webhook delivery paused: ${(e as Error).message?.split("\n")[0]}`);
      }
    } finally {
      running = false;
    }
  };
  setInterval(() => void run(), every).unref();
}

/**
 * Applies pending migrations in a short-lived child process (npm run
 * db:migrate): the schema engine is WebAssembly that would otherwise stay in
 * the server's memory for good (about 55 MB) after one use at start.
 */
function migrateInChildProcess() {
  if (process.env.ROSTER_SKIP_MIGRATIONS === "1") return;
  const root = /* turbopackIgnore: true */ process.cwd();
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const script = path.join(root, "scripts", "migrate.ts");
  if (!existsSync(tsx) || !existsSync(script)) return; // getDb() migrates in-process instead
  execFileSync(tsx, [script, "apply"], { stdio: "inherit", env: process.env });
  process.env.ROSTER_SKIP_MIGRATIONS = "1";
}
