// npm run bench:webhooks: what webhooks cost (issue 30), on a database of its own.
// 1. PATCH one record with the account's one endpoint (member.*) enabled — the
//    app posting each change to a local receiver as it goes — beside the same
//    row with it disabled, in alternating rounds (target ≥ 0.9).
// 2. Delivery: events queued while the endpoint is disabled; enabled again, the
//    app posts them in order; events a second beside a bare loop that posts the
//    same signed bodies to the same receiver from one process (target ≥ 0.5).
// Writes `webhooks` into bench/results.json; RESULTS.md and the README follow.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { signedHeaders } from "../lib/domain/webhooks/signing";
import { assertPortFree, bin, drive, log, type Scenario, sleep, startApp, stop, waitUp } from "./processes";
import { type Results, renderMarkdown, updateReadme, type WebhooksBench } from "./report";
import { BENCH } from "./settings";

const DATABASE = `${BENCH.database}_webhooks`;
const ROUNDS = 3;
const QUEUED = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 3000);
/** PATCH rounds run shorter than the main bench's rows: what they queue is delivered in the second part. */
const ROUND_SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);

function databaseUrl(): string {
  const url = new URL(BENCH.adminUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

/** The receiver: answers 204 to each post once its body is read, and counts them. */
function receiver() {
  let posts = 0;
  let first = 0;
  let last = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (posts++ === 0) first = performance.now();
      last = performance.now();
      res.writeHead(204).end();
    });
  });
  return {
    listen: () =>
      new Promise<string>((r) =>
        server.listen(0, "127.0.0.1", () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)),
      ),
    posts: () => posts,
    firstAt: () => first,
    lastAt: () => last,
    reset: () => {
      posts = 0;
      first = 0;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

async function main() {
  if (!existsBuild()) execFileSync(bin("next"), ["build"], { stdio: "inherit" });
  const authSecret = randomBytes(32).toString("hex");
  const admin = new pg.Client({ connectionString: BENCH.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const env = { ...process.env, DATABASE_URL: databaseUrl(), AUTH_SECRET: authSecret, ROSTER_DEMO: "0" };
  execFileSync(bin("tsx"), ["scripts/migrate.ts", "apply"], { env, stdio: "ignore" });
  const owner = JSON.parse(
    execFileSync(
      bin("tsx"),
      [
        "--conditions=react-server",
        "scripts/admin.ts",
        "create-account",
        "--name",
        "Hooks",
        "--email",
        "owner@hooks.example",
        "--json",
      ],
      { env, encoding: "utf8" },
    )
      .trim()
      .split("\n")
      .at(-1) ?? "{}",
  ) as { accountId: number; apiKey: string };

  const hook = receiver();
  const hookUrl = await hook.listen();
  await assertPortFree(BENCH.appPort);
  const { app } = startApp({ authSecret }, BENCH.appPort, {
    DATABASE_URL: databaseUrl(),
    ROSTER_WEBHOOK_ALLOW_PRIVATE: "1",
  });
  const base = `http://127.0.0.1:${BENCH.appPort}`;
  const auth = { authorization: `Bearer ${owner.apiKey}`, "content-type": "application/json" };
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { ...auth, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${text}`);
    return { body: text ? JSON.parse(text) : null, etag: r.headers.get("etag") ?? "" };
  };
  const db = new pg.Client({ connectionString: databaseUrl() });
  try {
    await waitUp(`${base}/api/health`);
    await db.connect();
    const member = (await call("POST", "/api/v1/account/accounts", { email: "pat@hooks.example", firstName: "Pat" }))
      .body;
    const endpoint = (
      await call("POST", "/api/v1/webhooks", { url: hookUrl, events: ["member.*"], description: "bench" })
    ).body as { id: number; secret: string };
    const setEnabled = async (enabled: boolean) => {
      const { etag } = await call("GET", `/api/v1/webhooks/${endpoint.id}`);
      await call("PATCH", `/api/v1/webhooks/${endpoint.id}`, { enabled }, { "if-match": etag });
    };
    const waiting = async () =>
      Number(
        (
          await db.query(
            `SELECT count(*) AS n FROM "Event" e JOIN "WebhookEndpoint" w ON w."accountId" = e."accountId"
             WHERE w.id = $1 AND e.sequence > w.cursor AND e.type LIKE 'member.%'`,
            [endpoint.id],
          )
        ).rows[0].n,
      );
    // No delivery under way (a claim in flight ends after its event once the endpoint is disabled).
    const settled = async () => {
      for (let t = 0; t < 300; t++) {
        const { rows } = await db.query(`SELECT "leaseToken" IS NULL AS idle FROM "WebhookEndpoint" WHERE id = $1`, [
          endpoint.id,
        ]);
        if (rows[0].idle) return;
        await sleep(100);
      }
      throw new Error("the endpoint's claim was not let go in 30 s");
    };
    const patch: Scenario = {
      name: "PATCH one record",
      method: "PATCH",
      path: `/api/v1/account/accounts/${member.id}`,
      body: JSON.stringify({ title: "Principal Engineer [<id>]" }),
      api: true,
    };
    const headers = { authorization: auth.authorization };

    log("→ PATCH one record: the endpoint disabled, then enabled (delivering as it goes), in alternating rounds");
    const rounds: WebhooksBench["patch"]["rounds"] = [];
    await setEnabled(false);
    await drive(`${base}${patch.path}`, patch, headers, BENCH.warmupSeconds);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [false, true] : [true, false];
      const got: Record<string, number> = {};
      let delivered = 0;
      for (const enabled of order) {
        await setEnabled(enabled);
        hook.reset();
        const m = await drive(`${base}${patch.path}`, patch, headers, ROUND_SECONDS);
        if (m.non2xx || m.errors) throw new Error(`PATCH answered ${m.non2xx} non-2xx, ${m.errors} errors`);
        got[enabled ? "on" : "off"] = m.rps;
        if (enabled) delivered = hook.posts();
        if (enabled && delivered === 0) throw new Error("the endpoint was enabled but nothing was delivered");
      }
      rounds.push({ off: got.off, on: got.on, delivered });
      log(`  round ${round + 1}: without ${got.off} req/s, with ${got.on} req/s`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const offRps = median(rounds.map((r) => r.off));
    const onRps = median(rounds.map((r) => r.on));

    log(`→ delivery: ${QUEUED.toLocaleString("en")} events queued, then the endpoint enabled`);
    await setEnabled(false);
    const extra = Math.max(0, QUEUED - (await waiting()));
    for (let i = 0; i < extra; i += 16)
      await Promise.all(
        Array.from({ length: Math.min(16, extra - i) }, (_, j) =>
          call("PATCH", patch.path, { title: `Queued ${i + j} ${randomBytes(4).toString("hex")}` }),
        ),
      );
    await settled();
    const queued = await waiting();
    hook.reset();
    const started = performance.now();
    await setEnabled(true);
    for (let t = 0; (await waiting()) > 0; t++) {
      if (t > 6000) throw new Error("delivery did not finish in 10 minutes");
      await sleep(100);
    }
    await settled();
    if (hook.posts() < queued) throw new Error(`${queued} events waited, ${hook.posts()} arrived`);
    // The stream's rate from the first arrival to the last (the wait for the poll is reported apart).
    const appSeconds = (hook.lastAt() - hook.firstAt()) / 1000;
    const firstPostMs = Math.round(hook.firstAt() - started);

    log("→ the bare loop: the same events, signed, posted one at a time from one process");
    const bodies: { id: string; body: string }[] = [];
    for (let after = 0; bodies.length < queued; ) {
      const page = (await call("GET", `/api/v1/events?after=${after}&types=member.*&limit=1000`)).body as {
        data: { id: string }[];
        next_after: number;
      };
      if (page.data.length === 0) break;
      for (const e of page.data) bodies.push({ id: e.id, body: JSON.stringify(e) });
      after = page.next_after;
    }
    const sample = bodies.slice(-queued);
    const secrets = [endpoint.secret];
    const bareStarted = performance.now();
    for (const { id, body } of sample) {
      const r = await fetch(hookUrl, { method: "POST", headers: signedHeaders(secrets, id, body), body });
      await r.arrayBuffer();
      if (r.status !== 204) throw new Error(`the receiver answered ${r.status}`);
    }
    const bareSeconds = (performance.now() - bareStarted) / 1000;

    const webhooks: WebhooksBench = {
      ranAt: new Date().toISOString(),
      patch: { rounds, offRps, onRps, ratio: Math.round((onRps / offRps) * 100) / 100 },
      delivery: {
        events: queued,
        appPerSecond: Math.round((queued - 1) / appSeconds),
        barePerSecond: Math.round(sample.length / bareSeconds),
        ratio: Math.round(((queued - 1) / appSeconds / (sample.length / bareSeconds)) * 100) / 100,
        firstPostMs,
      },
    };
    log(JSON.stringify(webhooks, null, 2));
    const results = JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
    results.webhooks = webhooks;
    writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
    const md = renderMarkdown(results);
    writeFileSync("bench/RESULTS.md", md);
    updateReadme(md);
    execFileSync(bin("biome"), ["format", "--write", "README.md", "bench/RESULTS.md"], { stdio: "ignore" });
  } finally {
    await db.end().catch(() => {});
    await stop(app);
    await hook.close();
  }
}

const existsBuild = () => {
  try {
    readFileSync(".next/BUILD_ID");
    return true;
  } catch {
    return false;
  }
};

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
