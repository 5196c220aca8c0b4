// The framework's floor: a minimal Next.js app of the same version (one route
// handler, no configuration, bench/minimal-next) against Roster's GET
// /api/health, which touches no database either. Whatever Roster loses here
// is lost before any of its own work starts. Both are driven in turns, a few
// rounds each, so a busy machine slows both alike; the medians count.
// Run alone: npm run bench:framework (Roster's production build must exist).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assertPortFree, bin, drive, log, type Measure, startApp, stop, waitUp } from "./processes";
import { BENCH, STATE_FILE } from "./settings";

const MINIMAL_DIR = path.resolve("bench/minimal-next");
const ROUNDS = Number(process.env.BENCH_FRAMEWORK_ROUNDS ?? 3);

export interface Figure {
  rps: number;
  p50: number;
  p99: number;
}

export interface Framework {
  minimalNext: Figure;
  rosterHealth: Figure;
  /** Roster's req/s ÷ the minimal app's (target ≥ 0.9). */
  ratio: number;
  /** Roster's p99 ÷ the minimal app's (target ≤ 1.2). */
  p99Ratio: number;
}

/** Builds the minimal app when its build is missing or from another Next.js version. */
function buildMinimal() {
  const built = path.join(MINIMAL_DIR, ".next", "BUILD_ID");
  const nextVersion = JSON.parse(readFileSync("node_modules/next/package.json", "utf8")).version as string;
  const stamp = path.join(MINIMAL_DIR, ".next", "roster-next-version");
  const fresh = existsSync(built) && existsSync(stamp) && readFileSync(stamp, "utf8") === nextVersion;
  if (fresh) return;
  log("Building the minimal Next.js app (bench/minimal-next) …");
  execFileSync(bin("next"), ["build", MINIMAL_DIR], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  writeFileSync(stamp, nextVersion);
}

function startMinimal(port: number): ChildProcess {
  return spawn(bin("next"), ["start", MINIMAL_DIR, "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const figure = (runs: Measure[]): Figure => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
});

/**
 * Both servers up at once, driven in turns: the minimal app, then Roster,
 * ROUNDS times, each after a warm-up. `roster` is the base URL of a running
 * Roster server (the bench's own), else one is started here.
 */
export async function measureFramework(state: { authSecret: string }, roster?: string): Promise<Framework> {
  buildMinimal();
  const minimalPort = BENCH.appPort + 20;
  await assertPortFree(minimalPort);
  const minimal = startMinimal(minimalPort);
  const own = roster ? null : startApp(state, BENCH.appPort + 21);
  const rosterBase = roster ?? `http://127.0.0.1:${BENCH.appPort + 21}`;
  const minimalBase = `http://127.0.0.1:${minimalPort}`;
  try {
    await waitUp(`${minimalBase}/api/health`);
    await waitUp(`${rosterBase}/api/health`);
    const health = { name: "health", method: "GET" as const, path: "/api/health", api: false };
    const runs = { minimal: [] as Measure[], roster: [] as Measure[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [which, base] of [
        ["minimal", minimalBase],
        ["roster", rosterBase],
      ] as const) {
        await drive(`${base}/api/health`, health, {}, BENCH.warmupSeconds);
        const m = await drive(`${base}/api/health`, health, {}, BENCH.seconds);
        if (m.non2xx || m.errors) throw new Error(`${which} /api/health: ${m.non2xx} non-2xx, ${m.errors} errors`);
        runs[which].push(m);
        log(`   ${which === "minimal" ? "minimal Next.js" : "Roster"} /api/health: ${m.rps} req/s, p99 ${m.p99} ms`);
      }
    }
    const minimalNext = figure(runs.minimal);
    const rosterHealth = figure(runs.roster);
    return {
      minimalNext,
      rosterHealth,
      ratio: Math.round((rosterHealth.rps / minimalNext.rps) * 100) / 100,
      p99Ratio: Math.round((rosterHealth.p99 / Math.max(1, minimalNext.p99)) * 100) / 100,
    };
  } finally {
    await stop(minimal);
    if (own) await stop(own.app);
  }
}

if (process.argv[1]?.endsWith("framework.ts")) {
  const state = JSON.parse(readFileSync(STATE_FILE, "utf8")) as { authSecret: string };
  measureFramework(state).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
