// Roster as production runs it on several machines: two app servers (the
// production build) behind HAProxy, both reaching PostgreSQL through
// PgBouncer in transaction pooling, on a database of their own. Debian's
// haproxy and pgbouncer (scripts/ensure-test-deps.sh installs them).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../faults/private-postgres";

const HAPROXY = "/usr/sbin/haproxy";
const PGBOUNCER = "/usr/sbin/pgbouncer";
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export const clusterToolsAvailable = () => existsSync(HAPROXY) && existsSync(PGBOUNCER);

export async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export interface AppServer {
  base: string;
  dataDir: string;
  process: ChildProcess;
  logs: string[];
}

export interface Cluster {
  database: string;
  /** PostgreSQL itself (migrations, and the tests' own checks). */
  directUrl: string;
  /** Through PgBouncer (what the app servers use). */
  pooledUrl: string;
  apps: AppServer[];
  /** HAProxy, round robin over the app servers. */
  proxy: string;
  authSecret: string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  env?: Record<string, string>;
  /** An existing database to serve (kept when the cluster stops); else a new empty one. */
  database?: string;
  /** The app servers' start command (default: next start). */
  command?: string[];
}

function startPgBouncer(dir: string, port: number, database: string): ChildProcess {
  const admin = new URL(adminUrl);
  const ini = path.join(dir, "pgbouncer.ini");
  writeFileSync(
    ini,
    [
      "[databases]",
      `roster = host=${admin.hostname} port=${admin.port || 5432} dbname=${database} user=${decodeURIComponent(admin.username || "postgres")}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = any",
      "pool_mode = transaction",
      "max_client_conn = 500",
      "default_pool_size = 20",
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      "",
    ].join("\n"),
  );
  chmodSync(ini, 0o644);
  // PgBouncer refuses to run as root: -u drops to the postgres user.
  const asRoot = process.getuid?.() === 0;
  return spawn(PGBOUNCER, [...(asRoot ? ["-u", "postgres"] : []), ini], { stdio: ["ignore", "pipe", "pipe"] });
}

function startHaproxy(dir: string, port: number, backends: number[]): ChildProcess {
  const cfg = path.join(dir, "haproxy.cfg");
  writeFileSync(
    cfg,
    [
      "global",
      "  maxconn 2000",
      "defaults",
      "  mode http",
      "  timeout connect 5s",
      "  timeout client 60s",
      "  timeout server 60s",
      "  option forwardfor",
      "frontend roster",
      `  bind 127.0.0.1:${port}`,
      "  default_backend apps",
      "backend apps",
      "  balance roundrobin",
      "  http-response set-header X-Roster-Server %[srv_name]",
      ...backends.map((p, i) => `  server app${i + 1} 127.0.0.1:${p}`),
      "",
    ].join("\n"),
  );
  return spawn(HAPROXY, ["-f", cfg, "-db"], { stdio: ["ignore", "pipe", "pipe"] });
}

export function startApp(
  port: number,
  env: Record<string, string>,
  command = [path.resolve("node_modules/.bin/next"), "start"],
): AppServer {
  const dataDir = mkdtempSync(path.join(tmpdir(), "roster-cluster-app-"));
  const logs: string[] = [];
  const [bin, ...args] = command;
  const child = spawn(bin, [...args, "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, ...env, PORT: String(port), ROSTER_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => logs.push(String(d)));
  child.stderr?.on("data", (d) => logs.push(String(d)));
  return { base: `http://127.0.0.1:${port}`, dataDir, process: child, logs };
}

/** Runs an operator CLI command through a server's bridge (as `npm run admin` does). */
export async function adminCommand<T>(app: AppServer, argv: string[]): Promise<T> {
  const info = JSON.parse(readFileSync(path.join(app.dataDir, "server.json"), "utf8"));
  const r = await fetch(`${app.base}/api/internal/cli`, {
    method: "POST",
    headers: { authorization: `Bearer ${info.token}` },
    body: JSON.stringify({ argv: [...argv, "--json"] }),
  });
  const out = await r.json();
  if (!r.ok) throw new Error(`${argv[0]}: ${JSON.stringify(out)}`);
  return JSON.parse(String(out.stdout).trim().split("\n").at(-1) ?? "{}") as T;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  if (!clusterToolsAvailable())
    throw new Error(
      "haproxy and pgbouncer are missing: apt-get install haproxy pgbouncer (scripts/ensure-test-deps.sh)",
    );
  const database = options.database ?? `roster_cluster_${randomBytes(4).toString("hex")}`;
  if (!options.database) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
  }
  const dir = mkdtempSync(path.join(tmpdir(), "roster-cluster-"));
  chmodSync(dir, 0o777);
  const [bouncerPort, proxyPort, portA, portB] = await distinctPorts(4);
  const direct = new URL(adminUrl);
  direct.pathname = `/${database}`;
  // pgbouncer=true: no named statements, which transaction pooling cannot keep.
  const pooledUrl = `postgresql://${direct.username || "postgres"}@127.0.0.1:${bouncerPort}/roster?pgbouncer=true`;
  const bouncer = startPgBouncer(dir, bouncerPort, database);
  const bouncerLog: string[] = [];
  bouncer.stderr?.on("data", (d) => bouncerLog.push(String(d)));
  if (!(await waitFor(() => canConnect(pooledUrl), 15_000)))
    throw new Error(`PgBouncer did not come up: ${bouncerLog.join("")}`);
  const authSecret = options.env?.AUTH_SECRET ?? randomBytes(32).toString("hex");
  const env = {
    DATABASE_URL: pooledUrl,
    DATABASE_DIRECT_URL: direct.toString(),
    AUTH_SECRET: authSecret,
    ROSTER_DEMO: "0",
    ROSTER_TRUST_PROXY: "1",
    ...options.env,
  };
  // Both start at once, on an empty database: they must migrate it once between them.
  const apps = [startApp(portA, env, options.command), startApp(portB, env, options.command)];
  for (const app of apps)
    if (!(await waitFor(async () => (await fetch(`${app.base}/api/health`)).ok, 90_000)))
      throw new Error(`app server ${app.base} did not come up:\n${app.logs.join("")}`);
  const haproxy = startHaproxy(dir, proxyPort, [portA, portB]);
  const haproxyLog: string[] = [];
  haproxy.stderr?.on("data", (d) => haproxyLog.push(String(d)));
  haproxy.stdout?.on("data", (d) => haproxyLog.push(String(d)));
  const proxy = `http://127.0.0.1:${proxyPort}`;
  if (!(await waitFor(async () => (await fetch(`${proxy}/api/health`)).ok, 15_000)))
    throw new Error(`HAProxy did not come up: ${haproxyLog.join("")}`);
  return {
    database,
    directUrl: direct.toString(),
    pooledUrl,
    apps,
    proxy,
    authSecret,
    async stop() {
      for (const p of [haproxy, ...apps.map((a) => a.process), bouncer]) p.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      if (!options.database) {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await c.end();
      }
      for (const d of [dir, ...apps.map((a) => a.dataDir)]) rmSync(d, { recursive: true, force: true });
    },
  };
}

async function distinctPorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

async function canConnect(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } finally {
    await c.end().catch(() => {});
  }
}

export function logsOf(cluster: Cluster): string {
  return cluster.apps.map((a) => a.logs.join("")).join("\n");
}

export const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });
