// Where the benchmark runs: a database of its own on the PostgreSQL server.
import path from "node:path";

export const BENCH = {
  adminUrl: process.env.BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
  database: process.env.BENCH_DATABASE ?? "roster_bench",
  appPort: Number(process.env.BENCH_APP_PORT ?? 3311),
  baselinePort: Number(process.env.BENCH_BASELINE_PORT ?? 3312),
  connections: 32,
  seconds: Number(process.env.BENCH_SECONDS ?? 15),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
};

export const STATE_FILE = path.resolve("bench/.state.json");

export function benchUrl(): string {
  const url = new URL(BENCH.adminUrl);
  url.pathname = `/${BENCH.database}`;
  return url.toString();
}
