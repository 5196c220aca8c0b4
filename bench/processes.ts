// Starting, stopping and driving the servers a benchmark compares.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import autocannon from "autocannon";
import { BENCH, benchUrl } from "./settings";

export interface Scenario {
  name: string;
  method: "GET" | "POST" | "PATCH";
  path: string;
  body?: string;
  session?: boolean;
  /** Authenticated with the big account's SCIM token instead of its API key. */
  scim?: boolean;
  /** Connections for this row (default BENCH.connections). */
  connections?: number;
  api: boolean;
}

export const bin = (name: string) => path.resolve("node_modules/.bin", name);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const log = (line: string) => console.log(line);

export async function assertPortFree(port: number) {
  // A bounded wait: a stuck server still holding the port answers nothing.
  const taken = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) }).then(
    () => true,
    () => false,
  );
  if (taken)
    throw new Error(`port ${port} is taken by another process: stop it, or set BENCH_APP_PORT/BENCH_BASELINE_PORT`);
}

/** The production command, as package.json's start script has it (heap cap included). */
export function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/);
}

export function startApp(state: { authSecret: string }, port: number, extraEnv: Record<string, string> = {}) {
  const [command, ...args] = startCommand();
  const app = spawn(command, [...args, "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: benchUrl(),
      AUTH_SECRET: state.authSecret,
      ROSTER_DEMO: "0",
      // The limiter runs on every request, with limits the load never reaches.
      ROSTER_RATE_LIMIT_KEY: "100000000",
      ROSTER_RATE_LIMIT_IP: "100000000",
      ROSTER_SCIM_RATE_LIMIT: "100000000",
      NEXT_TELEMETRY_DISABLED: "1",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  app.stdout?.on("data", (d) => output.push(String(d)));
  app.stderr?.on("data", (d) => output.push(String(d)));
  return { app, output };
}

export async function waitUp(url: string, seconds = 60) {
  for (let i = 0; i < seconds * 4; i++) {
    const ok = await fetch(url)
      .then((r) => r.status < 500)
      .catch(() => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} did not come up`);
}

export async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  for (let i = 0; i < 40 && child.exitCode === null; i++) await sleep(100);
  if (child.exitCode === null) child.kill("SIGKILL");
}

export interface Measure {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export async function drive(
  url: string,
  s: Scenario,
  headers: Record<string, string>,
  seconds: number,
  connections = BENCH.connections,
  /** Open loop: this many requests a second in all, whatever the answers' pace (latency corrected for coordinated omission). */
  rate?: number,
): Promise<Measure> {
  const r = await autocannon({
    url,
    method: s.method,
    headers,
    body: s.body,
    connections,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    // A body with [<id>] gets a fresh uuid there per request: each PATCH a real change.
    idReplacement: s.body?.includes("[<id>]") ?? false,
  });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/**
 * Open loop: requests sent at evenly spaced times (rate a second), whatever
 * the answers' pace, each timed from when it was due — a late answer delays
 * no later request, so queueing shows in the latency. (autocannon's rate
 * option sends each connection's quota back to back at the start of every
 * second: a burst, not a steady rate.)
 */
export async function openLoop(
  url: string,
  s: Scenario,
  headers: Record<string, string>,
  seconds: number,
  rate: number,
): Promise<Measure> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(url);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          method: s.method,
          headers: { ...headers, ...(s.body ? { "content-type": "application/json" } : {}) },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - due);
            if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) > 299) non2xx++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(s.body?.replaceAll("[<id>]", randomUUID()));
    });
  const started = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sent.push(send(due));
  }
  await Promise.all(sent);
  agent.destroy();
  latencies.sort((x, y) => x - y);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0);
  return {
    rps: Math.round(latencies.length / seconds),
    p50: at(0.5),
    p99: at(0.99),
    non2xx,
    errors,
  };
}
