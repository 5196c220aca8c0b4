import "server-only";
import { closeDb, getDb } from "../db/client";
import { databaseTarget, dataDirectory } from "../db/config";
import { seedDemoIfEmpty } from "../demo/seed-demo";
import { publishCliBridge } from "./cli-bridge";

/** Runs once when the server starts: migrate, seed an empty database, open the CLI bridge. */
export async function startServer(): Promise<void> {
  const target = databaseTarget();
  await getDb(); // connects and applies pending migrations
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

  const shutdown = () => {
    void closeDb().finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
