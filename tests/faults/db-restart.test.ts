import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSecrets, redact } from "../../scripts/log-secrets.mjs";
import { createPrivatePostgres, freePort, privatePostgresAvailable } from "./private-postgres";

let base: string;
let db: ReturnType<typeof createPrivatePostgres>;
let app: ChildProcess;
let dataDir: string;
let key: string;
const logs: string[] = [];
let authSecret: string;

/** The app server on this database and data folder (started again after a kill, the same). */
function startApp(appPort: number): ChildProcess {
  const child = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(appPort), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      ROSTER_DATA_DIR: dataDir,
      ROSTER_DEMO: "0",
      AUTH_SECRET: authSecret,
      PORT: String(appPort),
      ROSTER_RATE_LIMIT_IP: "0",
      ROSTER_RATE_LIMIT_KEY: "0",
      ROSTER_WEBHOOK_ALLOW_PRIVATE: "1",
      ROSTER_WEBHOOK_POLL_MS: "100",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => logs.push(String(d)));
  child.stderr?.on("data", (d) => logs.push(String(d)));
  return child;
}

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

beforeAll(async () => {
  // A missing server binary fails the suite (scripts/ensure-test-deps.sh installs it); it never skips.
  if (!privatePostgresAvailable())
    throw new Error("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) are missing: apt-get install postgresql");
  const pgPort = await freePort();
  let appPort = await freePort();
  while (appPort === pgPort) appPort = await freePort();
  base = `http://127.0.0.1:${appPort}`;
  db = createPrivatePostgres(pgPort);
  db.start();
  dataDir = mkdtempSync(path.join(tmpdir(), "roster-fault-"));
  authSecret = randomBytes(32).toString("hex");
  app = startApp(appPort);
  expect(await waitFor(async () => (await fetch(`${base}/api/v1/openapi.json`)).ok, 60_000), logs.join("")).toBe(true);
  const info = JSON.parse(readFileSync(path.join(dataDir, "server.json"), "utf8"));
  const r = await fetch(`${base}/api/internal/cli`, {
    method: "POST",
    headers: { authorization: `Bearer ${info.token}` },
    body: JSON.stringify({ argv: ["create-account", "--name", "Faults", "--email", "owner@faults.test", "--json"] }),
  });
  key = JSON.parse((await r.json()).stdout).apiKey;
});

afterAll(async () => {
  app?.kill("SIGTERM");
  db?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  // Errors logged during the outage must not carry secrets either (the owner's key above).
  await new Promise((r) => setTimeout(r, 300));
  const found = findSecrets(logs.join(""), key ? [key.split(".")[1]] : []);
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/faults-server.log", logs.join(""));
  expect(found.map((f) => `${f.what}: ${redact(f.text)}`)).toEqual([]);
});

const add = (i: string, signal?: AbortSignal) =>
  fetch(`${base}/api/v1/account/users`, {
    method: "POST",
    signal,
    headers: { authorization: `Bearer ${key}` },
    body: JSON.stringify({ email: `m-${i}@faults.test`, first_name: "F" }),
  });

/** Every membership is whole: its live key and its audit event exist. */
async function consistent() {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const broken = await c.query(`
    SELECT m.id FROM "Membership" m
    WHERE NOT EXISTS (SELECT 1 FROM "ApiCredential" k WHERE k."membershipId" = m.id AND k."revokedAt" IS NULL)
       OR NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."targetId" = m."userId"::text AND a.action IN ('member.add', 'account.create'))`);
  const users = await c.query(`SELECT count(*)::int AS n FROM "User"`);
  const members = await c.query(`SELECT count(*)::int AS n FROM "Membership"`);
  await c.end();
  return { broken: broken.rowCount, users: users.rows[0].n, members: members.rows[0].n };
}

describe("PostgreSQL restarts while requests are in flight", () => {
  it("answers 503 with Retry-After during the outage, recovers by itself, and half-applies nothing", async () => {
    const statuses: number[] = [];
    const created: string[] = [];
    let stop = false;
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        const id = `${i}-${randomBytes(3).toString("hex")}`;
        const r = await add(id).catch(() => null);
        if (!r) continue;
        statuses.push(r.status);
        if (r.status === 503) expect(r.headers.get("retry-after")).toMatch(/^\d+$/);
        if (r.status === 201) created.push(id);
        await r.text();
      }
    })();
    await new Promise((r) => setTimeout(r, 1500));
    db.stop();
    await new Promise((r) => setTimeout(r, 3000));
    const during = await fetch(`${base}/api/v1/account`, { headers: { authorization: `Bearer ${key}` } });
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBe("5");
    expect((await during.json()).code).toBe("unavailable");
    db.start();
    const recovered = await waitFor(
      async () =>
        (await fetch(`${base}/api/v1/account`, { headers: { authorization: `Bearer ${key}` } })).status === 200,
      30_000,
    );
    stop = true;
    await load;
    expect(recovered).toBe(true);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(statuses).toContain(503);
    expect(statuses).toContain(201);
    const state = await consistent();
    expect(state.broken).toBe(0);
    expect(state.members).toBeGreaterThanOrEqual(created.length + 1);
    const count = (s: number) => statuses.filter((x) => x === s).length;
    console.log(
      `faults: PostgreSQL stopped under load: ${statuses.length} requests, ${count(503)} answered 503 + Retry-After, ${count(201)} created, recovered by itself, ${state.broken} half-applied`,
    );
  });

  it("a request cancelled by the client mid-write leaves nothing partial", async () => {
    const before = await consistent();
    const aborted = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => {
        const ctl = new AbortController();
        setTimeout(() => ctl.abort(), 5 + (i % 10) * 3);
        return add(`abort-${i}-${randomBytes(3).toString("hex")}`, ctl.signal).then((r) => r.text());
      }),
    );
    expect(aborted.some((r) => r.status === "rejected")).toBe(true);
    await new Promise((r) => setTimeout(r, 2000)); // let the server finish what it started
    const after = await consistent();
    expect(after.broken).toBe(0);
    expect(after.members - before.members).toBe(after.users - before.users);
    console.log(
      `faults: ${aborted.filter((r) => r.status === "rejected").length} of 30 writes cancelled mid-request, ${after.broken} half-applied`,
    );
  });
});

describe("the app server killed during a burst of changes", () => {
  it("delivers every committed event after it comes back: in sequence order, a repeat only with the same id", async () => {
    const got: { id: string; sequence: number }[] = [];
    const receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const e = JSON.parse(Buffer.concat(chunks).toString());
      // A repeat carries the same webhook-id as the first delivery: the event's own id.
      got.push({ id: req.headers["webhook-id"] === e.id ? e.id : `mismatch:${e.id}`, sequence: e.sequence });
      res.end("ok");
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      const hook = await fetch(`${base}/api/v1/webhooks`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/in`,
          events: ["member.created"],
        }),
      });
      expect(hook.status).toBe(201);
      const burst = Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => add(`burst-${i}-${randomBytes(3).toString("hex")}`)),
      );
      await new Promise((r) => setTimeout(r, 300));
      app.kill("SIGKILL");
      await burst;
      await new Promise((r) => setTimeout(r, 500));
      app = startApp(Number(new URL(base).port));
      expect(await waitFor(async () => (await fetch(`${base}/api/v1/openapi.json`)).ok, 60_000), logs.join("")).toBe(
        true,
      );
      // What committed is what must arrive.
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const committed = (
        await c.query(`SELECT e.id, e.sequence FROM "Event" e JOIN "WebhookEndpoint" w ON w."accountId" = e."accountId"
                       WHERE e.type = 'member.created' AND e."occurredAt" >= w."createdAt" ORDER BY e.sequence`)
      ).rows as { id: string; sequence: number }[];
      await c.end();
      expect(committed.length).toBeGreaterThan(0);
      // A claim the killed server held lapses within 15 s; then the new server carries on.
      const all = await waitFor(async () => committed.every((e) => got.some((g) => g.id === e.id)), 45_000);
      expect(all, `missing: ${committed.filter((e) => !got.some((g) => g.id === e.id)).map((e) => e.sequence)}`).toBe(
        true,
      );
      const firsts = got.filter((g, i) => got.findIndex((x) => x.id === g.id) === i);
      expect(firsts.map((g) => g.sequence)).toEqual(committed.map((e) => e.sequence));
      console.log(
        `faults: ${committed.length} events committed around a kill, all delivered in order (${got.length - firsts.length} repeats, same ids)`,
      );
    } finally {
      receiver.closeAllConnections();
      await new Promise((r) => receiver.close(r));
    }
  });
});
