// Starts the production build on a database of its own: a fresh PGlite folder
// (ROSTER_TEST_DB=pglite) or a fresh PostgreSQL database (=postgres).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import type { TestProject } from "vitest/node";
import { findSecrets, redact, testPasswords } from "../../../scripts/log-secrets.mjs";
import { freePort } from "../../faults/private-postgres";
import { type DnsServer, startDnsServer } from "../../setup/dns-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    /** The server's PostgreSQL database (empty on PGlite, whose folder the server holds). */
    databaseUrl: string;
    /** The server's output as it runs (with ROSTER_HTTP_QUERY_LOG=1, every statement it sends). */
    serverLog: string;
    /** Where the tests write the TXT records the loopback DNS server answers (dns/<name>.json). */
    dnsDir: string;
  }
}

let server: ChildProcess | undefined;
let dbName: string | undefined;
let dns: DnsServer | undefined;
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** A real SMTP server: every message the app sends lands as a file the tests read. */
async function startSmtp(dir: string): Promise<{ port: number; server: SMTPServer }> {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(",");
        n += 1;
        writeFileSync(path.join(dir, `${Date.now()}-${String(n).padStart(6, "0")}-${to}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { port: (server.server.address() as AddressInfo).port, server };
}

export default async function setup(project: TestProject) {
  // A port the system hands out: a random one in 3300–3799 once hit 3659, which
  // Next.js refuses ("reserved for apple-sasl"), failing a CI run.
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "roster-http-"));
  const smtp = await startSmtp(path.join(dataDir, "mail"));
  // DNS for domain verification: TXT records the tests write as files (dns/<name>.json, an array of values).
  const dnsDir = path.join(dataDir, "dns");
  mkdirSync(dnsDir, { recursive: true });
  dns = await startDnsServer((name) => {
    const file = path.join(dnsDir, `${name.replace(/[^a-z0-9._-]/g, "_")}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as string[]) : undefined;
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    ROSTER_DATA_DIR: dataDir,
    ROSTER_DEMO: "0",
    AUTH_SECRET: randomBytes(32).toString("hex"),
    NEXT_TELEMETRY_DISABLED: "1",
    // Each test file presents its own client address (X-Forwarded-For from a "trusted proxy"),
    // so limits are per file; the limiter test lowers nothing but these.
    ROSTER_TRUST_PROXY: "1",
    ROSTER_RATE_LIMIT_IP: "600",
    ROSTER_RATE_LIMIT_KEY: "300",
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    ROSTER_DNS_SERVERS: dns.address,
    // The SSO tests' identity provider runs on loopback in the test process.
    ROSTER_SSO_ALLOW_PRIVATE: "1",
    ROSTER_WEBHOOK_ALLOW_PRIVATE: "1",
    ROSTER_WEBHOOK_POLL_MS: "200",
    // The plans suite reads every statement the server sends (tests/plans).
    ...(process.env.ROSTER_HTTP_QUERY_LOG === "1" ? { ROSTER_LOG_QUERIES: "1" } : {}),
  };
  delete env.DATABASE_URL;
  if (process.env.ROSTER_TEST_DB === "postgres") {
    dbName = `roster_http_${randomBytes(5).toString("hex")}`;
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  const logs: string[] = [];
  server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const serverLog = path.join(dataDir, "server.log");
  const keep = (d: Buffer) => {
    logs.push(String(d));
    appendFileSync(serverLog, d);
  };
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${baseUrl}/api/v1/openapi.json`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || server.exitCode !== null)
      throw new Error(`next start did not come up:\n${logs.join("")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide("baseUrl", baseUrl);
  project.provide("dataDir", dataDir);
  project.provide("databaseUrl", env.DATABASE_URL ?? "");
  project.provide("serverLog", serverLog);
  project.provide("dnsDir", dnsDir);

  return async () => {
    server?.kill("SIGTERM");
    smtp.server.close();
    await dns?.close();
    await new Promise((r) => setTimeout(r, 500));
    if (process.env.ROSTER_HTTP_LOGS) console.log(logs.join(""));
    // The server's whole log is kept and must hold no secret the suites handled.
    const log = logs.join("");
    mkdirSync("test-results", { recursive: true });
    writeFileSync(`test-results/http-server-${process.env.ROSTER_TEST_DB ?? "pglite"}.log`, log);
    const planted = path.join(dataDir, "secrets.txt");
    const literals = [
      ...testPasswords(["tests/http"]),
      ...(existsSync(planted) ? readFileSync(planted, "utf8").split("\n").filter(Boolean) : []),
    ];
    const found = findSecrets(log, literals);
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
    if (found.length)
      throw new Error(
        `the server log holds ${found.length} secrets:\n${found.map((f) => `  line ${f.line}: ${f.what}: ${redact(f.text)}`).join("\n")}`,
      );
    console.log(`log check: the HTTP server's log holds none of ${literals.length} known secrets nor any key or token`);
  };
}
