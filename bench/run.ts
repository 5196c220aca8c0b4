// npm run bench: loads 1,000,000 users (unless already loaded), starts the
// production build and the bare baseline on the same data, drives both with
// autocannon, and writes bench/results.json and bench/RESULTS.md.
import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import pg from "pg";
import type { Capture, CapturedStatement } from "./baseline";
import { type Framework, measureFramework } from "./framework";
import { assertPortFree, bin, drive, log, openLoop, type Scenario, sleep, startApp, stop, waitUp } from "./processes";
import { type BoundedWork, type Results, renderMarkdown, updateReadme } from "./report";
import { BENCH, benchUrl, STATE_FILE } from "./settings";

interface State {
  users: number;
  bigAccount: { id: number; members: number; email: string; password: string; apiKey: string };
  loadSeconds: number;
  authSecret: string;
  /** A SCIM token of the big account (made by the operator CLI at the start of a run). */
  scimToken?: string;
}

const OUT = path.resolve("bench/out");
async function loadedState(): Promise<State> {
  const wanted = Number(process.env.BENCH_USERS ?? 1_000_000);
  if (!process.argv.includes("--reload") && existsSync(STATE_FILE)) {
    const state = JSON.parse(readFileSync(STATE_FILE, "utf8")) as State;
    const db = new pg.Client({ connectionString: benchUrl() });
    const users = await db
      .connect()
      .then(() => db.query(`SELECT count(*)::int AS n FROM "User"`))
      .then((r) => r.rows[0].n as number)
      .catch(() => 0)
      .finally(() => db.end().catch(() => {}));
    if (state.users === wanted && users >= wanted) return state;
  }
  log(`Loading ${wanted.toLocaleString("en")} users …`);
  execFileSync(bin("tsx"), ["--conditions=react-server", "bench/load.ts"], { stdio: "inherit" });
  return JSON.parse(readFileSync(STATE_FILE, "utf8")) as State;
}

/** Signs in through next-auth's credentials flow; answers the Cookie header. */
async function signIn(base: string, state: State): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const r = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email: state.bigAccount.email, password: state.bigAccount.password }),
  });
  const session = r.headers.getSetCookie().map((c) => c.split(";")[0]);
  const all = [...cookies, ...session].join("; ");
  if (!all.includes("session-token")) throw new Error(`console sign-in failed: HTTP ${r.status}`);
  return all;
}

function headersFor(s: Scenario, state: State, cookie: string): Record<string, string> {
  const h: Record<string, string> = s.session
    ? { cookie, "sec-fetch-site": "same-origin" }
    : { authorization: `Bearer ${s.scim ? state.scimToken : state.bigAccount.apiKey}` };
  if (s.body) h["content-type"] = "application/json";
  return h;
}

/** A cursor for the page after position `offset` (-lastName order, first name breaking ties), signed as the server signs it. */
async function cursorAt(offset: number, state: State): Promise<string> {
  const db = new pg.Client({ connectionString: benchUrl() });
  await db.connect();
  const { rows } = await db.query(
    `SELECT roster_desc_key("sortLastName") AS l, roster_desc_key("sortFirstName") AS f, "userId"
     FROM "Membership" WHERE "accountId" = $1
     ORDER BY roster_desc_key("sortLastName") DESC, roster_desc_key("sortFirstName") DESC, "userId" DESC
     OFFSET $2 LIMIT 1`,
    [state.bigAccount.id, offset - 1],
  );
  await db.end();
  const v = [rows[0].l, rows[0].f, rows[0].userId];
  const body = Buffer.from(JSON.stringify({ o: "-lastName,-firstName,-id", v, p: offset / 50 })).toString("base64url");
  process.env.AUTH_SECRET ??= state.authSecret;
  const { hashSecret } = await import("../lib/platform/auth/api-key");
  return `${body}.${hashSecret(`cursor:${body}`)}`;
}

/** Full names of the largest account's members as a person types them: either order, no accents, any case. */
async function searchTerms(state: State, count: number): Promise<string[]> {
  const db = new pg.Client({ connectionString: benchUrl() });
  await db.connect();
  const { rows } = await db.query(
    `SELECT "firstName" AS f, "lastName" AS l FROM "Membership"
     WHERE "accountId" = $1 AND "userId" % 997 = 0 ORDER BY "userId" LIMIT $2`,
    [state.bigAccount.id, count],
  );
  await db.end();
  const plain = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");
  return rows.map((r, i) => (i % 2 ? `${plain(r.l).toLowerCase()} ${r.f}` : `${r.f} ${plain(r.l)}`));
}

async function scenarios(state: State): Promise<Scenario[]> {
  const n = state.bigAccount.members;
  const deepPage = Math.min(1_500, Math.floor(n / 50) - 1);
  const [searchTerm] = await searchTerms(state, 1);
  const graphql = JSON.stringify({
    query: "{ listUsers(page: 1, perPage: 50) { ok totalActiveUsers activeUsers { uid email name accountType } } }",
  });
  return [
    // Context, not a target: what Next.js answers with no database and no auth.
    { name: "Framework floor: GET /api/health (no database)", method: "GET", path: "/api/health", api: false },
    {
      name: "List page 1 (limit 50, sort -lastName)",
      method: "GET",
      path: "/api/v1/account/accounts?page=1&limit=50&sort=-lastName",
      api: true,
    },
    {
      name: `Deep page (page ${deepPage})`,
      method: "GET",
      path: `/api/v1/account/accounts?page=${deepPage}&limit=50&sort=-lastName`,
      api: true,
    },
    {
      name: `Deep page by cursor (after row ${((deepPage - 1) * 50).toLocaleString("en")})`,
      method: "GET",
      path: `/api/v1/account/accounts?cursor=${await cursorAt((deepPage - 1) * 50, state)}&limit=50&sort=-lastName`,
      api: true,
    },
    {
      name: "Filtered search (lastName=Sm*, status ACTIVE)",
      method: "GET",
      path: "/api/v1/members?lastName=Sm*&status=ACTIVE&limit=50&sort=lastName",
      api: true,
    },
    {
      name: `Name search (q=${searchTerm}, limit 25)`,
      method: "GET",
      path: `/api/v1/members?q=${encodeURIComponent(searchTerm)}&limit=25&sort=lastName`,
      api: true,
    },
    { name: "GET one record", method: "GET", path: `/api/v1/account/accounts/${Math.floor(n / 2)}`, api: true },
    {
      name: "PATCH one record",
      method: "PATCH",
      path: `/api/v1/account/accounts/${Math.floor(n / 2) + 1}`,
      body: JSON.stringify({ title: "Principal Engineer [<id>]" }),
      api: true,
    },
    { name: "GET /api/v1/account (admin)", method: "GET", path: "/api/v1/account", api: true },
    { name: "GraphQL listUsers, first page", method: "POST", path: "/api/graphql", body: graphql, api: true },
    {
      // Entra ID's lookup before every change: target ≥ 100 req/s and p99 < 100 ms at 8 connections.
      name: "SCIM filter userName eq (8 connections)",
      method: "GET",
      path: `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "user${Math.floor(n / 3)}@company1.example"`)}`,
      scim: true,
      connections: 8,
      api: true,
    },
    { name: "Console members page (HTML)", method: "GET", path: "/members", session: true, api: false },
  ];
}

/** Runs each scenario twice against an app that logs its SQL; keeps the second run's statements. */
async function captureStatements(list: Scenario[], state: State, cookie: string): Promise<Capture> {
  const port = BENCH.appPort + 10;
  await assertPortFree(port);
  const { app, output } = startApp(state, port, { ROSTER_LOG_QUERIES: "1" });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUp(`${base}/api/v1/openapi.json`);
    const sessionCookie = cookie || (await signIn(base, state));
    const routes: Capture["routes"] = {};
    for (const s of list) {
      const send = () =>
        fetch(`${base}${s.path}`, {
          method: s.method,
          headers: headersFor(s, state, sessionCookie),
          // Each send a real change, marked so the baseline can vary it the same way.
          body: s.body?.replaceAll("[<id>]", `bench-id-${randomUUID()}`),
        }).then(async (r) => {
          await r.arrayBuffer();
          if (r.status >= 400) throw new Error(`${s.name}: HTTP ${r.status}`);
        });
      await send();
      await sleep(300);
      const from = output.join("").length;
      await send();
      await sleep(100);
      const lines = output.join("").slice(from).split("\n");
      const statements: CapturedStatement[] = [];
      for (const line of lines) {
        const at = line.indexOf("[roster:query] ");
        if (at < 0) continue;
        const q = JSON.parse(line.slice(at + 15)) as { sql: string; params: string };
        // Batched writes (rate-limit counters, key last use) are not per request.
        if (/RateLimitBucket|"lastUsedAt" = u\.at/.test(q.sql)) continue;
        statements.push({ sql: q.sql, params: JSON.parse(q.params) });
      }
      routes[`${s.method} ${s.path}`] = statements;
    }
    return { routes };
  } finally {
    await stop(app);
  }
}

/** Resident memory of a process and its children, in MB. */
function treeRssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  let kb = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop() as number;
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      kb += Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    } catch {
      // gone
    }
    stack.push(...(children.get(p) ?? []));
  }
  return kb / 1024;
}

/**
 * First-load JavaScript of a console page: every script a current browser
 * loads, gzipped. `nomodule` scripts (Next's legacy polyfills) are skipped:
 * browsers with ES modules never fetch them, and Next's own "First Load JS"
 * leaves them out too.
 */
async function firstLoadKb(base: string, route: string, cookie: string): Promise<number> {
  const html = await (await fetch(`${base}${route}`, { headers: { cookie } })).text();
  const tags = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  const loaded = tags.filter((tag) => !/\snomodule\b/i.test(tag));
  const sources = [...new Set(loaded.flatMap((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1] ?? []))];
  let bytes = 0;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    bytes += gzipSync(body).length;
  }
  return Math.round(bytes / 102.4) / 10;
}

/** The open-loop runs: a steady rate, not as fast as the server answers. */
const OPEN_LOOP = { apiRate: 100, pageRate: 20, seconds: Number(process.env.BENCH_OPEN_LOOP_SECONDS ?? 15) };

/**
 * What a row could serve with nothing of Roster's own: the framework's cost
 * per request (the minimal Next.js app) plus the bare SQL server's.
 */
const idealRps = (minimalNext: number, baseline: number) =>
  1 / (1 / Math.max(1, minimalNext) + 1 / Math.max(1, baseline));

/** The last runs of the separate benches (bench:cluster, bench:webhooks) stay until their next run. */
function previous(): Pick<Results, "scaleOut" | "webhooks"> {
  try {
    const r = JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
    return { scaleOut: r.scaleOut, webhooks: r.webhooks };
  } catch {
    return {};
  }
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) execFileSync(bin("next"), ["build"], { stdio: "inherit" });
  mkdirSync(OUT, { recursive: true });
  const state = await loadedState();
  state.scimToken = scimToken(state);
  // BENCH_ONLY=<regex> runs only the matching rows (for trying a change quickly).
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, "i") : null;
  const list = (await scenarios(state)).filter((s) => !only || only.test(s.name) || s.session);
  log("Capturing the app's SQL per request (ROSTER_LOG_QUERIES=1) …");
  const capture = await captureStatements(list, state, "");
  const captureFile = path.join(OUT, "statements.json");
  writeFileSync(captureFile, JSON.stringify(capture, null, 2));

  await assertPortFree(BENCH.appPort);
  await assertPortFree(BENCH.baselinePort);
  const { app } = startApp(state, BENCH.appPort);
  const appBase = `http://127.0.0.1:${BENCH.appPort}`;
  const baseline = spawn(bin("tsx"), ["bench/baseline.ts", captureFile, String(BENCH.baselinePort), benchUrl()], {
    env: { ...process.env, AUTH_SECRET: state.authSecret },
    stdio: "inherit",
  });
  const baseBase = `http://127.0.0.1:${BENCH.baselinePort}`;
  // Peak over the whole run, and per row (where a peak comes from).
  let peakRss = 0;
  let rowPeak = 0;
  const sampler = setInterval(() => {
    if (!app.pid) return;
    const now = treeRssMb(app.pid);
    peakRss = Math.max(peakRss, now);
    rowPeak = Math.max(rowPeak, now);
  }, 250);
  const rows: Results["rows"] = [];
  const extras = {
    membersPageSingleP50: 0,
    searchSingleP50: 0,
    searchSingleP99: 0,
    firstLoadJsKb: {} as Record<string, number>,
    peakRssMb: 0,
    startupPeakRssMb: 0,
    afterRowsPeakRssMb: 0,
    boundedWork: null as BoundedWork | null,
    framework: null as Framework | null,
  };
  try {
    await waitUp(`${appBase}/api/v1/openapi.json`);
    await waitUp(`${baseBase}/`);
    const cookie = await signIn(appBase, state);
    extras.startupPeakRssMb = Math.round(rowPeak);
    log("→ framework floor: a minimal Next.js app against Roster's /api/health, in turns");
    extras.framework = await measureFramework(state, appBase);
    for (const s of list) {
      const headers = headersFor(s, state, cookie);
      log(`→ ${s.name}`);
      rowPeak = 0;
      const conns = s.connections ?? BENCH.connections;
      await drive(`${appBase}${s.path}`, s, headers, BENCH.warmupSeconds, conns);
      const appM = await drive(`${appBase}${s.path}`, s, headers, BENCH.seconds, conns);
      await drive(`${baseBase}${s.path}`, s, headers, BENCH.warmupSeconds, conns);
      const baseM = await drive(`${baseBase}${s.path}`, s, headers, BENCH.seconds, conns);
      // At a realistic rate (open loop): 100 requests/s for an API row, 20 for the console page.
      const rate = s.api ? OPEN_LOOP.apiRate : s.session ? OPEN_LOOP.pageRate : 0;
      const open = rate ? await openLoop(`${appBase}${s.path}`, s, headers, OPEN_LOOP.seconds, rate) : null;
      const ideal = idealRps(extras.framework.minimalNext.rps, baseM.rps);
      rows.push({
        scenario: s.name,
        appPeakRssMb: Math.round(rowPeak),
        api: s.api,
        statements: capture.routes[`${s.method} ${s.path}`].length,
        app: appM,
        baseline: baseM,
        idealRps: Math.round(ideal),
        idealRatio: Math.round((appM.rps / ideal) * 100) / 100,
        ...(open && { openLoop: { rate, p50: open.p50, p99: open.p99, non2xx: open.non2xx + open.errors } }),
      });
    }
    rowPeak = 0;
    const page = list.find((s) => s.session) as Scenario;
    log("→ members page, one connection (server render time)");
    extras.membersPageSingleP50 = (
      await drive(`${appBase}${page.path}`, page, headersFor(page, state, cookie), 5, 1)
    ).p50;
    log("→ search, one connection, 60 different full names");
    const times: number[] = [];
    for (const q of await searchTerms(state, 60)) {
      const started = performance.now();
      const r = await fetch(`${appBase}/api/v1/members?q=${encodeURIComponent(q)}&limit=25&sort=lastName`, {
        headers: { authorization: `Bearer ${state.bigAccount.apiKey}` },
      });
      const body = (await r.json()) as { data?: unknown[] };
      if (!r.ok || !body.data?.length) throw new Error(`search for "${q}" answered ${r.status} with no rows`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    extras.searchSingleP50 = Math.round(times[Math.floor(times.length / 2)]);
    extras.searchSingleP99 = Math.round(times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]);
    const routes = [
      "/members",
      "/members/1",
      "/invitations",
      "/join-requests",
      "/groups",
      "/policies",
      "/settings",
      "/audit",
      "/api-reference",
    ];
    const js: Record<string, number> = {};
    for (const r of routes) js[r] = await firstLoadKb(appBase, r, cookie);
    js["/sign-in"] = await firstLoadKb(appBase, "/sign-in", "");
    extras.firstLoadJsKb = js;
    extras.afterRowsPeakRssMb = Math.round(rowPeak);
    extras.boundedWork = await boundedWork(
      appBase,
      state,
      () => rowPeak,
      () => {
        rowPeak = 0;
      },
    );
  } finally {
    clearInterval(sampler);
    await stop(app);
    await stop(baseline);
  }
  extras.peakRssMb = Math.round(peakRss);
  const importResult = process.env.BENCH_SKIP_IMPORT
    ? { rows: 0, imported: 0, seconds: 0, perSecond: 0 }
    : runImport(state);
  const results = {
    ranAt: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; PostgreSQL on the same host`,
    settings: { connections: BENCH.connections, seconds: BENCH.seconds, warmupSeconds: BENCH.warmupSeconds },
    data: {
      users: state.users,
      accounts: 1000,
      largestAccount: state.bigAccount.members,
      loadSeconds: state.loadSeconds,
    },
    rows,
    ...extras,
    import: importResult,
    ...previous(),
  };
  const md = renderMarkdown(results);
  if (only || process.env.BENCH_SKIP_IMPORT) {
    // A partial run is for trying a change: it does not replace the published results.
    writeFileSync(path.join(OUT, "partial-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  } else {
    writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync("bench/RESULTS.md", md);
    updateReadme(md);
    // The tables as Biome formats Markdown (npm test's lint checks these files).
    execFileSync(bin("biome"), ["format", "--write", "README.md", "bench/RESULTS.md"], { stdio: "ignore" });
  }
  log(`\n${md}`);
}

/** A SCIM token for the big account, made through the operator CLI (as an admin would on Settings). */
function scimToken(state: State): string {
  const out = execFileSync(
    bin("tsx"),
    [
      "--conditions=react-server",
      "scripts/admin.ts",
      "create-scim-token",
      "--account",
      String(state.bigAccount.id),
      "--email",
      state.bigAccount.email,
      "--label",
      "bench",
      "--json",
    ],
    { env: { ...process.env, DATABASE_URL: benchUrl(), AUTH_SECRET: state.authSecret }, encoding: "utf8" },
  );
  return (JSON.parse(out.trim().split("\n").pop() ?? "{}") as { token: string }).token;
}

/**
 * One admin pulls the largest answer over and over (the whole multipleusers
 * of the biggest account) while /api/health is measured: the answer must not
 * stall the server nor grow its memory with the account.
 */
async function boundedWork(
  base: string,
  state: State,
  peak: () => number,
  resetPeak: () => void,
): Promise<BoundedWork> {
  log("→ bounded work: the largest multipleusers answer, pulled while /api/health is measured");
  resetPeak();
  let pulling = true;
  let pulls = 0;
  let bytes = 0;
  let seconds = 0;
  const puller = (async () => {
    while (pulling) {
      const t = Date.now();
      const r = await fetch(`${base}/api/v1/org/multipleusers`, {
        headers: { authorization: `Bearer ${state.bigAccount.apiKey}` },
      });
      const reader = r.body?.getReader();
      let n = 0;
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        n += chunk.value.byteLength;
      }
      bytes = n;
      seconds = (Date.now() - t) / 1000;
      pulls++;
    }
  })();
  await sleep(1000);
  const health = await drive(
    `${base}/api/health`,
    { name: "health", method: "GET", path: "/api/health", api: true },
    {},
    15,
    4,
  );
  pulling = false;
  await puller;
  return {
    answerMb: Math.round((bytes / 2 ** 20) * 10) / 10,
    answerSeconds: Math.round(seconds * 10) / 10,
    pulls,
    healthP50: health.p50,
    healthP99: health.p99,
    peakRssMb: Math.round(peak()),
  };
}

/** Imports a generated CSV of 100,000 members into a new account through the operator CLI. */
function runImport(state: State) {
  const count = Math.min(100_000, state.bigAccount.members);
  const file = path.join(OUT, "import.csv");
  const lines = ["email,firstName,lastName,role,title"];
  const stamp = Date.now().toString(36);
  for (let i = 1; i <= count; i++)
    lines.push(`import-${stamp}-${i}@import.example,Ada${i % 97},Lovelace${i % 89},REGULAR,Analyst`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  const env = { ...process.env, DATABASE_URL: benchUrl(), AUTH_SECRET: state.authSecret, ROSTER_DEMO: "0" };
  const admin = (args: string[]) =>
    execFileSync(bin("tsx"), ["--conditions=react-server", "scripts/admin.ts", ...args], {
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
  const account = JSON.parse(
    admin(["create-account", "--name", `Import ${stamp}`, "--email", `import-owner-${stamp}@import.example`, "--json"]),
  );
  log(`→ import-members: ${count.toLocaleString("en")} rows`);
  const started = Date.now();
  const out = admin(["import-members", "--account", String(account.accountId), "--csv", file, "--json"]);
  const seconds = (Date.now() - started) / 1000;
  const result = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { imported: number };
  removeImported(account.accountId, stamp);
  return { rows: count, imported: result.imported, seconds, perSecond: Math.round(result.imported / seconds) };
}

/** Takes the imported account and its people out again, so every run imports into the same 1,000,000 users. */
function removeImported(accountId: number, stamp: string) {
  const sql = [
    `DELETE FROM "Membership" WHERE "accountId" = ${Number(accountId)}`,
    `DELETE FROM "Account" WHERE id = ${Number(accountId)}`,
    `DELETE FROM "User" u WHERE u.email LIKE 'import-%${stamp}%@import.example' AND NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u.id)`,
    `VACUUM`,
    // A separate ANALYZE: after VACUUM ANALYZE of mass-deleted tables PostgreSQL 15 was seen keeping
    // reltuples = 1 for ApiCredential, and the planner then scanned a whole index per API key.
    `ANALYZE`,
  ];
  for (const statement of sql) execFileSync("psql", [benchUrl(), "-qc", statement], { stdio: "inherit" });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
