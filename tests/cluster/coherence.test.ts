// Coherence of two app servers behind HAProxy, on PostgreSQL through PgBouncer
// in transaction pooling: whatever one server does, the other sees at once.
import { readdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actions } from "../http/setup/session";
import { adminCommand, type Cluster, logsOf, startCluster } from "./topology";

let cluster: Cluster;
let a: string;
let b: string;
let owner: { accountId: number; apiKey: string; email: string };
const KEY_LIMIT = 40;

beforeAll(async () => {
  cluster = await startCluster({
    env: { ROSTER_RATE_LIMIT_KEY: String(KEY_LIMIT), ROSTER_WEBHOOK_ALLOW_PRIVATE: "1", ROSTER_WEBHOOK_POLL_MS: "100" },
  });
  [a, b] = cluster.apps.map((app) => app.base);
  const email = `owner-${Date.now()}@cluster.test`;
  owner = {
    ...(await adminCommand(cluster.apps[0], ["create-account", "--name", "Cluster", "--email", email])),
    email,
  };
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
});

const call = (
  base: string,
  method: string,
  route: string,
  init: { key?: string; cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
) =>
  fetch(`${base}${route}`, {
    method,
    headers: {
      ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
      ...(init.cookie ? { cookie: init.cookie, origin: base } : {}),
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

async function direct<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: cluster.directUrl });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-auth-return-redirect": "1" },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const location = res.headers.get("location") ?? (await res.json().catch(() => ({}))).url ?? "";
  const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) return `error=${new URL(location, base).searchParams.get("error")}`;
  return session.split(";")[0];
}

describe("two app servers on one database through PgBouncer", () => {
  it("both started at once on an empty database and migrated it exactly once", async () => {
    const dirs = readdirSync(path.resolve("prisma/migrations"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const rows = await direct<{ migration_name: string; n: number; done: number }>(
      `SELECT migration_name, count(*)::int AS n, count(finished_at)::int AS done
       FROM _prisma_migrations GROUP BY migration_name ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(dirs);
    expect(rows.every((r) => r.n === 1 && r.done === 1)).toBe(true);
    // Migrating through PgBouncer itself leaves the migration engine's session-level
    // advisory lock held on a pooled server connection (seen here: the next migration
    // then waits on it); through DATABASE_DIRECT_URL none is left behind.
    const locks = await direct<{ objid: number }>(
      `SELECT objid FROM pg_locks WHERE locktype = 'advisory'
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(locks).toEqual([]);
  });

  it("a write through one server is in the other's list and total at once", async () => {
    const before = await (await call(b, "GET", "/api/v1/members?limit=1", { key: owner.apiKey })).json();
    // Read again so the total is cached on B.
    await call(b, "GET", "/api/v1/members?limit=1", { key: owner.apiKey });
    const email = `new-${Date.now()}@cluster.test`;
    const added = await call(a, "POST", "/api/v1/account/users", { key: owner.apiKey, body: { email } });
    expect(added.status).toBe(201);
    const after = await (await call(b, "GET", "/api/v1/members?limit=1", { key: owner.apiKey })).json();
    expect(after.pagination.total).toBe(before.pagination.total + 1);
    const found = await (
      await call(b, "GET", `/api/v1/members?q=${encodeURIComponent(email)}`, { key: owner.apiKey })
    ).json();
    expect(found.data.map((m: { email: string }) => m.email)).toEqual([email]);
    // And a change through B reaches A's view of the member.
    const id = (await added.json()).user_id;
    const patched = await call(b, "PATCH", `/api/v1/account/accounts/${id}`, {
      key: owner.apiKey,
      body: { title: "Changed on B" },
    });
    expect(patched.status).toBe(200);
    const seen = await (await call(a, "GET", `/api/v1/account/accounts/${id}`, { key: owner.apiKey })).json();
    expect(seen.title).toBe("Changed on B");
  });

  it("both servers deliver webhooks: each event once, in sequence order, signed", async () => {
    const got: { headers: Record<string, string>; body: string }[] = [];
    const receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      got.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString() });
      res.end("ok");
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      // An account of its own: the owner key's per-minute budget belongs to the other tests.
      const hooks = await adminCommand<{ apiKey: string }>(cluster.apps[0], [
        "create-account",
        "--name",
        "Hooks",
        "--email",
        `hooks-${Date.now()}@cluster.test`,
      ]);
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cluster`;
      const hook = await call(a, "POST", "/api/v1/webhooks", {
        key: hooks.apiKey,
        body: { url, events: ["member.created"] },
      });
      expect(hook.status).toBe(201);
      const { secret } = await hook.json();
      // Twenty members, through both servers in turn, while both servers' dispatchers poll.
      for (let i = 0; i < 20; i++) {
        const r = await call(i % 2 ? b : a, "POST", "/api/v1/account/users", {
          key: hooks.apiKey,
          body: { email: `hooked-${i}-${Date.now()}@cluster.test` },
        });
        expect(r.status).toBe(201);
      }
      const end = Date.now() + 20_000;
      while (got.length < 20 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1000)); // time for a duplicate to show, were there one
      const events = got.map((r) => new Webhook(secret).verify(r.body, r.headers) as { id: string; sequence: number });
      expect(events).toHaveLength(20);
      expect(new Set(events.map((e) => e.id)).size).toBe(20);
      const seqs = events.map((e) => e.sequence);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    } finally {
      receiver.closeAllConnections();
      await new Promise((r) => receiver.close(r));
    }
  });

  it("an Idempotency-Key replayed on the other server replays the first answer", async () => {
    const key = `idem-${Date.now()}`;
    const body = { email: `idem-${Date.now()}@cluster.test` };
    const first = await call(a, "POST", "/api/v1/account/users", {
      key: owner.apiKey,
      body,
      headers: { "idempotency-key": key },
    });
    expect(first.status).toBe(201);
    const again = await call(b, "POST", "/api/v1/account/users", {
      key: owner.apiKey,
      body,
      headers: { "idempotency-key": key },
    });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotency-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    const rows = await direct<{ n: number }>(`SELECT count(*)::int AS n FROM "User" WHERE email = $1`, [body.email]);
    expect(rows[0].n).toBe(1);
  });

  it("sessions hold on both servers, and signing out everywhere on one ends them on both", async () => {
    const email = `person-${Date.now()}@cluster.test`;
    const made = await call(a, "POST", "/api/v1/account/accounts", {
      key: owner.apiKey,
      body: { email, password: "cluster-password-1" },
    });
    expect(made.status).toBe(201);
    const onA = await signIn(a, email, "cluster-password-1");
    const onB = await signIn(b, email, "cluster-password-1");
    expect(onA).toMatch(/^next-auth\.session-token=/);
    const me = (base: string, cookie: string) => call(base, "GET", "/api/v1/members?limit=1", { cookie });
    expect((await me(b, onA)).status).toBe(200);
    expect((await me(a, onB)).status).toBe(200);
    const everywhere = actions().find((x) => x.name === "signOutEverywhereAction");
    if (!everywhere) throw new Error("signOutEverywhereAction is not in the build");
    const out = await fetch(`${b}${everywhere.page}`, {
      method: "POST",
      headers: {
        "next-action": everywhere.id,
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin: b,
        cookie: onB,
      },
      body: "[]",
    });
    expect(out.status).toBe(200);
    expect((await me(a, onA)).status).toBe(401);
    expect((await me(a, onB)).status).toBe(401);
    expect((await me(b, onA)).status).toBe(401);
  });

  it("the sign-in lockout counts failures from both servers together", async () => {
    const email = `victim-${Date.now()}@cluster.test`;
    await call(a, "POST", "/api/v1/account/accounts", {
      key: owner.apiKey,
      body: { email, password: "right-password-1" },
    });
    // Ten failures (the default limit), alternating servers.
    for (let i = 0; i < 10; i++)
      expect(await signIn(i % 2 ? b : a, email, `wrong-${i}`)).toBe("error=CredentialsSignin");
    expect(await signIn(a, email, "right-password-1")).toBe("error=TooManyAttempts");
    expect(await signIn(b, email, "right-password-1")).toBe("error=TooManyAttempts");
  });

  it("a key's rate limit counts requests on both servers together", async () => {
    // Away from a minute's edge, so one window holds the whole run.
    const second = new Date().getSeconds();
    if (second > 45) await new Promise((r) => setTimeout(r, (62 - second) * 1000));
    const added = await call(a, "POST", "/api/v1/account/users", {
      key: owner.apiKey,
      body: { email: `limited-${Date.now()}@cluster.test` },
    });
    expect(added.status).toBe(201);
    const key = (await added.json()).api_key as string;
    const statuses: { server: string; status: number }[] = [];
    for (let i = 0; i < KEY_LIMIT * 2; i++) {
      const server = i % 2 ? b : a;
      const r = await call(server, "GET", "/api/v1/user", { key });
      await r.arrayBuffer();
      statuses.push({ server, status: r.status });
      // A flush interval (250 ms) passes now and then, as between real requests.
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 300));
    }
    const allowed = statuses.filter((s) => s.status === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(KEY_LIMIT - 1);
    // Each server alone would have allowed 2 × 40; together they stop near the limit.
    expect(allowed).toBeLessThanOrEqual(KEY_LIMIT + 10);
    expect(statuses.some((s) => s.server === a && s.status === 429)).toBe(true);
    expect(statuses.some((s) => s.server === b && s.status === 429)).toBe(true);
  });

  it("HAProxy spreads requests over both servers, and each sees the client's own address", async () => {
    const served = new Set<string>();
    for (let i = 0; i < 4; i++)
      served.add((await fetch(`${cluster.proxy}/api/health`)).headers.get("x-roster-server") ?? "");
    expect([...served].sort()).toEqual(["app1", "app2"]);
  });

  it("no server logged a prepared-statement error or a 500 through PgBouncer", () => {
    const logs = logsOf(cluster);
    expect(logs).not.toMatch(/prepared statement/i);
    expect(logs).not.toMatch(/\b500\b.*Internal Server Error/i);
  });
});
