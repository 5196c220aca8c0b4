// npm run bench:cluster: Roster as it scales out — two app servers (the
// production build, its start command) behind HAProxy, both on the bench's
// database through PgBouncer in transaction pooling — driven through HAProxy
// beside one of the two servers alone; then the coherence suite
// (tests/cluster) runs against the same build. Writes `scaleOut` into
// bench/results.json and re-renders bench/RESULTS.md and the README.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { startCluster } from "../tests/cluster/topology";
import { bin, drive, log, type Scenario, startCommand } from "./processes";
import { type Results, renderMarkdown, type ScaleOut, updateReadme } from "./report";
import { BENCH, STATE_FILE } from "./settings";

interface State {
  authSecret: string;
  bigAccount: { id: number; members: number; apiKey: string };
}

async function main() {
  const state = JSON.parse(readFileSync(STATE_FILE, "utf8")) as State;
  const n = state.bigAccount.members;
  const rows: Scenario[] = [
    { name: "GET one record", method: "GET", path: `/api/v1/account/accounts/${Math.floor(n / 2)}`, api: true },
    {
      name: "List page 1",
      method: "GET",
      path: "/api/v1/account/accounts?page=1&limit=50&sort=-lastName",
      api: true,
    },
    {
      name: "PATCH one record",
      method: "PATCH",
      path: `/api/v1/account/accounts/${Math.floor(n / 2) + 1}`,
      body: JSON.stringify({ title: "Principal Engineer [<id>]" }),
      api: true,
    },
  ];
  log("Starting two app servers behind HAProxy on PgBouncer (bench database) …");
  const cluster = await startCluster({
    database: BENCH.database,
    command: startCommand(),
    env: {
      AUTH_SECRET: state.authSecret,
      NODE_ENV: "production",
      ROSTER_RATE_LIMIT_KEY: "100000000",
      ROSTER_RATE_LIMIT_IP: "100000000",
      ROSTER_SCIM_RATE_LIMIT: "100000000",
    },
  });
  const measured: ScaleOut["rows"] = [];
  try {
    const headers = { authorization: `Bearer ${state.bigAccount.apiKey}` };
    for (const s of rows) {
      log(`→ ${s.name}: one server, then both behind HAProxy`);
      const one = `${cluster.apps[0].base}${s.path}`;
      const both = `${cluster.proxy}${s.path}`;
      await drive(one, s, headers, BENCH.warmupSeconds);
      const single = await drive(one, s, headers, BENCH.seconds);
      await drive(both, s, headers, BENCH.warmupSeconds);
      const clustered = await drive(both, s, headers, BENCH.seconds);
      measured.push({ scenario: s.name, single, cluster: clustered });
    }
  } finally {
    await cluster.stop();
  }
  log("→ the coherence suite (tests/cluster)");
  const suite = spawnSync(bin("vitest"), ["run", "-c", "vitest.cluster.config.ts"], { stdio: "inherit" });
  const scaleOut: ScaleOut = { ranAt: new Date().toISOString(), rows: measured, coherent: suite.status === 0 };
  const results = JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
  results.scaleOut = scaleOut;
  writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
  const md = renderMarkdown(results);
  writeFileSync("bench/RESULTS.md", md);
  updateReadme(md);
  execFileSync(bin("biome"), ["format", "--write", "README.md", "bench/RESULTS.md"], { stdio: "ignore" });
  log(
    `\n${md
      .split("\n")
      .filter((l) => l.includes("Scale-out"))
      .join("\n")}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
