// Query plans of real requests: the production server logs every statement it
// sends (ROSTER_LOG_QUERIES); each list, filter, export, SCIM, GraphQL and
// sign-in request on an account of 20,000 among 100,000 members is made over
// HTTP, and every statement it sent is EXPLAINed on the same database. No
// statement may scan the users or memberships tables.
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminCommand, api, baseUrl, newAccount } from "../http/setup/client";
import { scimToken } from "../http/setup/scim";
import { signIn } from "../http/setup/session";

const BIG = 20_000;
const OTHERS = 80_000;
type PlanNode = { "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[] };

const seqScans = (node: PlanNode): string[] => [
  ...(node["Node Type"] === "Seq Scan" && ["User", "Membership"].includes(node["Relation Name"] ?? "")
    ? [node["Relation Name"] as string]
    : []),
  ...(node.Plans ?? []).flatMap(seqScans),
];

let db: pg.Client;
let acct: Awaited<ReturnType<typeof newAccount>>;
let scim = "";
let groupId = 0;

beforeAll(async () => {
  const url = inject("databaseUrl");
  if (!url) throw new Error("the plans suite runs on PostgreSQL (vitest.plans.config.ts sets ROSTER_TEST_DB=postgres)");
  db = new pg.Client({ connectionString: url });
  await db.connect();
  acct = await newAccount("Plans");
  await db.query(
    `INSERT INTO "Account" (name, "updatedAt") SELECT 'Other ' || a, now() FROM generate_series(1, 100) a`,
  );
  await db.query(`
    INSERT INTO "User" (uid, email, "updatedAt")
    SELECT md5('p' || i) || md5('q' || i), 'plan-' || i || '@example.test', now()
    FROM generate_series(1, ${BIG + OTHERS}) i`);
  await db.query(
    `INSERT INTO "Membership" ("userId", "accountId", role, status, "firstName", "lastName", title, department, attributes, "updatedAt")
     SELECT u.id,
            CASE WHEN n <= ${BIG} THEN $1::int ELSE (SELECT min(id) FROM "Account" WHERE name LIKE 'Other %') + (n % 100)::int END,
            CASE WHEN n % 40 = 0 THEN 'ADMIN' ELSE 'REGULAR' END::"Role",
            CASE WHEN n % 10 = 0 THEN 'SUSPENDED' ELSE 'ACTIVE' END::"MembershipStatus",
            'F' || (n % 50),
            (ARRAY['Smith','Jones','Brown','Smythe','Taylor','Wilson','Moore','Clark'])[1 + n % 8] || (n % 100),
            'Engineer', 'Dept ' || (n % 20), jsonb_build_object('badge', 'B-' || n), now()
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "User" WHERE email LIKE 'plan-%') u`,
    [acct.accountId],
  );
  await db.query("ANALYZE");
  scim = await scimToken(acct.accountId, acct.email, "plans");
  groupId = (await api("POST", "/api/v1/groups", { key: acct.apiKey, body: { name: "Plans" } })).body.id;
  await adminCommand(["reset-password", "--email", acct.email, "--password", "owner-password-1"]);
}, 300_000);

afterAll(async () => {
  await db?.end();
});

const logSize = () => readFileSync(inject("serverLog"), "utf8").length;

/** The statements the server sent while `send` ran. */
async function statementsOf(send: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  const from = logSize();
  await send();
  await new Promise((r) => setTimeout(r, 150)); // the log line may trail the answer
  const out: { sql: string; params: unknown[] }[] = [];
  for (const line of readFileSync(inject("serverLog"), "utf8").slice(from).split("\n")) {
    const at = line.indexOf("[roster:query] ");
    if (at < 0) continue;
    const q = JSON.parse(line.slice(at + 15)) as { sql: string; params: string };
    if (!/^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(q.sql)) continue;
    out.push({ sql: q.sql, params: JSON.parse(q.params) });
  }
  return out;
}

const get = (path: string) => () => api("GET", path, { key: acct.apiKey });
const scimGet = (path: string) => () =>
  fetch(`${baseUrl()}/scim/v2${path}`, { headers: { authorization: `Bearer ${scim}` } }).then((r) => r.text());

const REQUESTS: [string, () => Promise<unknown>][] = [
  ["records page 1", get("/api/v1/account/accounts?limit=50")],
  ["records -lastName", get("/api/v1/account/accounts?limit=50&sort=-lastName")],
  ["records deep page", get("/api/v1/account/accounts?limit=50&page=300&sort=-lastName")],
  ["records cursor", get("/api/v1/account/accounts?limit=50&cursor=&sort=lastName")],
  ["records lastName prefix", get("/api/v1/account/accounts?lastName=Smi*&limit=50")],
  ["records email", get("/api/v1/account/accounts?email=plan-77@example.test")],
  ["records custom attribute", get("/api/v1/account/accounts?attributes%5Bbadge%5D=B-77&lastName=Clark*")],
  ["members search", get("/api/v1/members?q=smy&limit=25")],
  ["members status + role", get("/api/v1/members?status=SUSPENDED&role=ADMIN&limit=25")],
  ["members of a group", get(`/api/v1/members?group=${groupId}&limit=25`)],
  ["members export", get("/api/v1/members/export?status=SUSPENDED")],
  ["account", get("/api/v1/account?users_limit=100&users_page=3")],
  ["org multipleusers slice", get("/api/v1/org/multipleusers?limit=100&page=5")],
  ["SCIM userName eq", scimGet(`/Users?filter=${encodeURIComponent('userName eq "plan-77@example.test"')}`)],
  ["SCIM list sorted", scimGet("/Users?count=50&sortBy=name.familyName&sortOrder=descending")],
  ["SCIM externalId eq", scimGet(`/Users?filter=${encodeURIComponent('externalId eq "x-1"')}`)],
  [
    "GraphQL listUsers",
    () =>
      api("POST", "/api/graphql", {
        key: acct.apiKey,
        body: { query: "{ listUsers(page: 3, perPage: 50) { ok activeUsers { uid } } }" },
      }),
  ],
  [
    "audit log page (filtered by action and actor)",
    async () => {
      const cookie = await signIn(acct.email, "owner-password-1");
      const r = await fetch(`${baseUrl()}/audit?action=member&actor=${acct.userId}`, { headers: { cookie } });
      if (r.status !== 200) throw new Error(`audit page: ${r.status}`);
      await r.text();
    },
  ],
  [
    "sign-in",
    async () => {
      const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
      const { csrfToken } = await csrf.json();
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ csrfToken, email: acct.email, password: "owner-password-1", json: "true" }),
      });
    },
  ],
];

describe("plans of real requests on an account of 20,000 among 100,000 members", () => {
  it("no statement of any request scans the users or memberships tables", async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [name, send] of REQUESTS) {
      await send(); // warm caches that legitimately skip statements
      const statements = await statementsOf(send);
      if (statements.length === 0 && name !== "records deep page") problems.push(`${name}: no statement captured`);
      for (const s of statements) {
        const { rows } = await db.query(`EXPLAIN (FORMAT JSON) ${s.sql}`, s.params);
        checked++;
        const scans = seqScans(rows[0]["QUERY PLAN"][0].Plan);
        if (scans.length)
          problems.push(`${name}: seq scan of ${scans.join(", ")} in ${s.sql.replace(/\s+/g, " ").slice(0, 200)}`);
      }
    }
    console.log(
      `query plans: ${checked} statements from ${REQUESTS.length} real requests, ${problems.length} problems`,
    );
    expect(problems).toEqual([]);
  });
});
