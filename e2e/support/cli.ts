import { spawnSync } from "node:child_process";
import path from "node:path";

/** `npm run admin -- …` against the same data as the e2e server (it routes through the server on PGlite). */
export function runAdmin(...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ROSTER_DATA_DIR: process.env.E2E_DATA_DIR ?? ".e2e-data",
    AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-e2e-only-secret-e2e-only-secret",
  };
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  else delete env.DATABASE_URL;
  return spawnSync(path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/admin.ts", ...args], {
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
}
