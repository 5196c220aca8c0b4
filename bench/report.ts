// What a bench run found, as bench/results.json holds it and as
// bench/RESULTS.md and the README show it.
import { readFileSync, writeFileSync } from "node:fs";
import type { Framework } from "./framework";
import type { Measure } from "./processes";

export interface BoundedWork {
  /** The largest answer: seed 001's multipleusers of the biggest account, streamed. */
  answerMb: number;
  answerSeconds: number;
  pulls: number;
  /** /api/health meanwhile (4 connections). */
  healthP50: number;
  healthP99: number;
  peakRssMb: number;
}

export interface ScaleOut {
  ranAt: string;
  rows: { scenario: string; single: Measure; cluster: Measure }[];
  /** The coherence suite (tests/cluster) passed against this topology's build. */
  coherent: boolean;
}

/** npm run bench:webhooks: what delivering webhooks costs. */
export interface WebhooksBench {
  ranAt: string;
  /** PATCH one record: req/s with the account's one endpoint disabled and enabled, in alternating rounds. */
  patch: { rounds: { off: number; on: number; delivered: number }[]; offRps: number; onRps: number; ratio: number };
  /** Events queued, then delivered by the app, beside a bare loop posting the same signed bodies. */
  delivery: {
    events: number;
    /** From the first post's arrival to the last's (the stream's rate; the wait before it is `firstPostMs`). */
    appPerSecond: number;
    barePerSecond: number;
    ratio: number;
    /** From enabling the endpoint to the first post's arrival: the dispatcher's poll (ROSTER_WEBHOOK_POLL_MS). */
    firstPostMs?: number;
  };
}

export type Results = {
  ranAt: string;
  machine: string;
  settings: { connections: number; seconds: number };
  data: { users: number; largestAccount: number; loadSeconds: number };
  rows: {
    scenario: string;
    appPeakRssMb: number;
    api: boolean;
    statements: number;
    app: Measure;
    baseline: Measure;
    idealRps: number;
    idealRatio: number;
    openLoop?: { rate: number; p50: number; p99: number; non2xx: number };
  }[];
  framework: Framework | null;
  membersPageSingleP50: number;
  /** Search by a full name (60 different ones, typed without accents), one connection. */
  searchSingleP50?: number;
  searchSingleP99?: number;
  firstLoadJsKb: Record<string, number>;
  peakRssMb: number;
  startupPeakRssMb: number;
  afterRowsPeakRssMb: number;
  boundedWork?: BoundedWork | null;
  import: { rows: number; imported: number; seconds: number; perSecond: number };
  /** npm run bench:cluster: two app servers behind HAProxy on PgBouncer, beside one of them alone. */
  scaleOut?: ScaleOut;
  webhooks?: WebhooksBench;
};

export function renderMarkdown(r: Results): string {
  const ok = (pass: boolean) => (pass ? "✅" : "❌");
  const lines = [
    `Ran ${r.ranAt.slice(0, 16).replace("T", " ")} UTC on ${r.machine}.`,
    `${r.data.users.toLocaleString("en")} users in 1,000 accounts (largest ${r.data.largestAccount.toLocaleString("en")}), loaded in ${r.data.loadSeconds.toFixed(0)} s. autocannon, ${r.settings.connections} connections, ${r.settings.seconds} s per row after a warm-up. The baseline is a bare node:http + pg server running the same SQL statements the app logged for each request.`,
    "",
    "| Request | SQL | App req/s | App p50 | App p99 | Baseline req/s | Ideal req/s | App/ideal | Open loop p99 | Targets |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
  ];
  const page1 = r.rows.find((row) => row.scenario.startsWith("List page 1")) ?? r.rows[0];
  for (const row of r.rows) {
    const deep = row.scenario.startsWith("Deep page");
    const scim = row.scenario.startsWith("SCIM");
    const open = row.openLoop;
    const openOk = open !== undefined && open.non2xx === 0 && open.p99 < (row.api ? 50 : 150);
    const pass = row.api
      ? row.idealRatio >= 0.8 &&
        openOk &&
        row.app.non2xx === 0 &&
        (!deep || row.app.p50 <= 2 * Math.max(1, page1.app.p50)) &&
        (!scim || (row.app.rps >= 100 && row.app.p99 < 100))
      : openOk;
    lines.push(
      `| ${row.scenario} | ${row.statements} | ${row.app.rps} | ${row.app.p50} ms | ${row.app.p99} ms | ${row.baseline.rps} | ${row.idealRps} | ${row.idealRatio.toFixed(2)} | ${open ? `${open.p99} ms at ${open.rate}/s` : "–"} | ${open ? ok(pass) : "–"} |`,
    );
  }
  const fw = r.framework;
  if (fw)
    lines.push(
      "",
      `- Framework floor, in turns (median of rounds): a minimal Next.js app of the same version (bench/minimal-next: one route handler, no configuration) ${fw.minimalNext.rps} req/s, p99 ${fw.minimalNext.p99} ms; Roster's GET /api/health ${fw.rosterHealth.rps} req/s, p99 ${fw.rosterHealth.p99} ms: ratio ${fw.ratio.toFixed(2)} ${ok(fw.ratio >= 0.9)} (target ≥ 0.9), p99 ${fw.p99Ratio.toFixed(2)}× ${ok(fw.p99Ratio <= 1.2)} (target ≤ 1.2×)`,
      "- Ideal req/s of a row = 1 / (1 / minimal Next.js req/s + 1 / baseline req/s): the framework's own cost plus the bare SQL server's. Targets per API row: App/ideal ≥ 0.8, open loop (100 requests/s for 15 s) p99 < 50 ms, no errors; the console page at 20 requests/s p99 < 150 ms.",
    );
  const js = Object.entries(r.firstLoadJsKb);
  const maxJs = Math.max(...js.map(([, kb]) => kb));
  lines.push(
    "",
    `- Members page at ${r.data.largestAccount.toLocaleString("en")} members, one connection: p50 ${r.membersPageSingleP50} ms ${ok(r.membersPageSingleP50 < 150)} (target < 150 ms)`,
    ...(r.searchSingleP50 !== undefined
      ? [
          `- Search by full name at ${r.data.largestAccount.toLocaleString("en")} members (60 different names typed in either order without accents), one connection: p50 ${r.searchSingleP50} ms ${ok(r.searchSingleP50 < 50)} (target < 50 ms), p99 ${r.searchSingleP99} ms`,
        ]
      : []),
    `- First-load JavaScript per console route (gzipped): ${js.map(([route, kb]) => `${route} ${kb} kB`).join(", ")} ${ok(maxJs <= 180)} (target ≤ 180 kB)`,
    `- App resident memory, peak under the load above: ${r.peakRssMb} MB ${ok(r.peakRssMb < 400)} (target < 400 MB); peak while starting ${r.startupPeakRssMb} MB, during each row ${r.rows.map((row, i) => `${i + 1}: ${row.appPeakRssMb}`).join(", ")} MB, after the rows ${r.afterRowsPeakRssMb} MB`,
    `- Bulk import (\`npm run admin -- import-members\`): ${r.import.imported.toLocaleString("en")} of ${r.import.rows.toLocaleString("en")} rows in ${r.import.seconds.toFixed(1)} s = ${r.import.perSecond.toLocaleString("en")} members/s ${ok(r.import.perSecond >= 5000)} (target ≥ 5,000/s)`,
    ...(r.boundedWork
      ? [
          `- Bounded work: while one admin pulls the largest answer (multipleusers of ${r.data.largestAccount.toLocaleString("en")} members, ${r.boundedWork.answerMb} MB streamed in ${r.boundedWork.answerSeconds} s, ${r.boundedWork.pulls} pulls), GET /api/health p50 ${r.boundedWork.healthP50} ms, p99 ${r.boundedWork.healthP99} ms ${ok(r.boundedWork.healthP99 < 100)} (target < 100 ms); app peak memory ${r.boundedWork.peakRssMb} MB ${ok(r.boundedWork.peakRssMb < 400)} (target < 400 MB)`,
        ]
      : []),
    `- Load of ${r.data.users.toLocaleString("en")} users: ${r.data.loadSeconds.toFixed(0)} s ${ok(r.data.loadSeconds < 120)} (target < 120 s)`,
    ...(r.scaleOut
      ? [
          `- Scale-out (\`npm run bench:cluster\`, ${r.scaleOut.ranAt.slice(0, 16).replace("T", " ")} UTC): two app servers behind HAProxy, PgBouncer in transaction pooling, against one of them alone through the same PgBouncer — ${r.scaleOut.rows.map((row) => `${row.scenario}: ${row.cluster.rps} req/s (p99 ${row.cluster.p99} ms) against ${row.single.rps} (p99 ${row.single.p99} ms)`).join("; ")}. On two cores no gain is expected; the coherence suite against this topology: ${r.scaleOut.coherent ? "passed ✅" : "failed ❌"}`,
        ]
      : []),
    ...(r.webhooks
      ? [
          `- Webhooks (\`npm run bench:webhooks\`, ${r.webhooks.ranAt.slice(0, 16).replace("T", " ")} UTC, a database of its own): PATCH one record with the account's one endpoint delivering ${r.webhooks.patch.onRps} req/s against ${r.webhooks.patch.offRps} with it disabled (median of ${r.webhooks.patch.rounds.length} alternating rounds): ${r.webhooks.patch.ratio.toFixed(2)} ${ok(r.webhooks.patch.ratio >= 0.9)} (target ≥ 0.9); ${r.webhooks.delivery.events.toLocaleString("en")} queued events delivered in order at ${r.webhooks.delivery.appPerSecond}/s${r.webhooks.delivery.firstPostMs !== undefined ? ` (the first post arrived ${r.webhooks.delivery.firstPostMs} ms after the endpoint was enabled: the dispatcher polls each second)` : ""} against a bare loop posting the same signed bodies at ${r.webhooks.delivery.barePerSecond}/s: ${r.webhooks.delivery.ratio.toFixed(2)} ${ok(r.webhooks.delivery.ratio >= 0.5)} (target ≥ 0.5)`,
        ]
      : []),
    "",
  );
  return lines.join("\n");
}

export function updateReadme(md: string) {
  const readme = readFileSync("README.md", "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  if (!readme.includes(start)) return;
  const before = readme.slice(0, readme.indexOf(start) + start.length);
  const after = readme.slice(readme.indexOf(end));
  writeFileSync("README.md", `${before}\n${md}\n${after}`);
}
