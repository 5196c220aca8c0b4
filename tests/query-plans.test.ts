// Every statement the API's read and write paths issue, checked against the
// planner on a large account: none may scan the users or memberships tables
// (EXPLAIN), and none issues a statement per row (counts at two page sizes).
process.env.ROSTER_QUERY_EVENTS = "1";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount } from "@/lib/domain/accounts/get-account";
import { listGroupNames, listGroups } from "@/lib/domain/groups/groups";
import { listOpenInvitations } from "@/lib/domain/invitations/list-invitations";
import { listMembers } from "@/lib/domain/members/list-members";
import { memberActorForSession } from "@/lib/domain/sign-in/access";
import { getMember } from "@/lib/domain/users/get-user";
import { updateProfile } from "@/lib/domain/users/update-profile";
import type { MemberActor } from "@/lib/platform/auth/actor";
import { parseApiKey } from "@/lib/platform/auth/api-key";
import { authenticateApiKey } from "@/lib/platform/auth/authenticate";
import type { SessionClaims } from "@/lib/platform/auth/session-claims";
import { getDb, onQuery } from "@/lib/platform/db/client";
import { newAccount, type TestAccount } from "./setup/fixtures";
import { testSession } from "./setup/sessions";

const onPostgres = process.env.ROSTER_TEST_DB === "postgres";
const BIG = 20_000;
const OTHERS = 180_000;

let acct: TestAccount;
let someUserId: number;
let planSession: SessionClaims;

/** The statements `work` issues, with their parameters. */
async function statementsOf(work: () => Promise<unknown>) {
  const seen: { sql: string; params: unknown[] }[] = [];
  const stop = onQuery((q) => seen.push({ sql: q.query, params: JSON.parse(q.params) }));
  try {
    await work();
  } finally {
    stop();
  }
  return seen.filter((s) => !/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(s.sql));
}

type PlanNode = { "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[] };

function seqScans(node: PlanNode): string[] {
  const here =
    node["Node Type"] === "Seq Scan" && ["User", "Membership"].includes(node["Relation Name"] ?? "")
      ? [node["Relation Name"] as string]
      : [];
  return [...here, ...(node.Plans ?? []).flatMap(seqScans)];
}

const owner = () => acct.owner as MemberActor;
const desc = [{ field: "lastName" as const, desc: true }];
const operations: [string, (size: number) => Promise<unknown>][] = [
  ["API key authentication", () => authenticateApiKey(parseApiKey(acct.ownerKey) ?? { keyId: "", secret: "" })],
  ["session authentication", () => memberActorForSession(planSession, acct.accountId)],
  ["records page 1 (-lastName)", (n) => listMembers(owner(), { page: 1, limit: n, sort: desc })],
  [
    "records deep page (-lastName)",
    (n) => listMembers(owner(), { page: Math.floor(15_000 / n), limit: n, sort: desc }),
  ],
  [
    "records by cursor (-lastName)",
    async (n) => {
      const first = await listMembers(owner(), { limit: n, sort: desc, cursor: "" });
      return listMembers(owner(), { limit: n, sort: desc, cursor: first.nextCursor ?? "" });
    },
  ],
  [
    "filtered search (lastName prefix + status)",
    (n) =>
      listMembers(owner(), {
        limit: n,
        filters: [{ field: "lastName", op: "prefix", value: "Sm" }],
        status: ["ACTIVE"],
        sort: [{ field: "lastName", desc: false }],
      }),
  ],
  ["role filter", (n) => listMembers(owner(), { limit: n, role: ["ADMIN"], sort: [{ field: "id", desc: false }] })],
  ["search", (n) => listMembers(owner(), { limit: n, search: "smy" })],
  ["one record", () => getMember(owner(), someUserId)],
  ["account with a page of users", (n) => getAccount(owner(), { page: 2, limit: n })],
  [
    "GraphQL listUsers",
    (n) =>
      Promise.all([
        listMembers(owner(), { page: 1, limit: n, status: ["ACTIVE"], sort: [{ field: "id", desc: false }] }),
        listOpenInvitations(owner(), 1, n),
      ]),
  ],
  [
    "members page",
    (n) =>
      Promise.all([
        listMembers(owner(), { limit: n, sort: [{ field: "lastName", desc: false }] }),
        listGroupNames(owner()),
      ]),
  ],
  ["groups", (n) => listGroups(owner(), 1, n)],
  ["PATCH a record", () => updateProfile(owner(), someUserId, { title: `T${Math.random()}` })],
];

describe.runIf(onPostgres)("on an account of 20,000 among 200,000 members", () => {
  beforeAll(async () => {
    acct = await newAccount("Plans");
    planSession = await testSession(acct.owner.userId);
    const db = await getDb();
    await db.$executeRawUnsafe(`
      INSERT INTO "Account" (name, "updatedAt") SELECT 'Other ' || a, now() FROM generate_series(1, 200) a`);
    await db.$executeRawUnsafe(`
      INSERT INTO "User" (uid, email, "updatedAt")
      SELECT md5('p' || i) || md5('q' || i), 'plan-' || i || '@example.test', now()
      FROM generate_series(1, ${BIG + OTHERS}) i`);
    const accounts = await db.$queryRaw<
      { id: number }[]
    >`SELECT id FROM "Account" WHERE name LIKE 'Other %' ORDER BY id`;
    await db.$executeRawUnsafe(`
      INSERT INTO "Membership" ("userId", "accountId", role, status, "firstName", "lastName", "updatedAt")
      SELECT u.id,
             CASE WHEN n <= ${BIG} THEN ${acct.accountId} ELSE ${accounts[0].id} + (n % ${accounts.length}) END,
             CASE WHEN n % 40 = 0 THEN 'ADMIN' ELSE 'REGULAR' END::"Role",
             CASE WHEN n % 10 = 0 THEN 'SUSPENDED' ELSE 'ACTIVE' END::"MembershipStatus",
             'F' || (n % 50),
             (ARRAY['Smith','Jones','Brown','Smythe','Taylor','Wilson','Moore','Clark'])[1 + n % 8] || (n % 100), now()
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "User" WHERE email LIKE 'plan-%') u`);
    await db.$executeRawUnsafe(`ANALYZE`);
    const [one] = await db.$queryRaw<{ userId: number }[]>`
      SELECT "userId" FROM "Membership" WHERE "accountId" = ${acct.accountId} ORDER BY "userId" DESC LIMIT 1`;
    someUserId = one.userId;
  }, 180_000);

  afterAll(() => {});

  it("no statement scans the users or memberships tables", async () => {
    const db = await getDb();
    const problems: string[] = [];
    let checked = 0;
    for (const [name, run] of operations) {
      for (const s of await statementsOf(() => run(50))) {
        const [row] = await db.$queryRawUnsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(
          `EXPLAIN (FORMAT JSON) ${s.sql}`,
          ...s.params,
        );
        checked++;
        const scans = seqScans(row["QUERY PLAN"][0].Plan);
        if (scans.length)
          problems.push(`${name}: seq scan of ${scans.join(", ")} in ${s.sql.replace(/\s+/g, " ").slice(0, 160)}`);
      }
    }
    console.log(`query plans: ${checked} statements from ${operations.length} operations, ${problems.length} scans`);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(operations.length);
  });
});

// Counting statements needs no large account: it runs on both databases (on
// PostgreSQL after the plans, on their account).
describe("statement counts", () => {
  beforeAll(async () => {
    if (acct) return;
    acct = await newAccount("Counts");
    planSession = await testSession(acct.owner.userId);
    const db = await getDb();
    await db.$executeRawUnsafe(`
      INSERT INTO "User" (uid, email, "updatedAt")
      SELECT md5('c' || i) || md5('d' || i), 'count-' || i || '@example.test', now() FROM generate_series(1, 120) i`);
    await db.$executeRawUnsafe(`
      INSERT INTO "Membership" ("userId", "accountId", role, status, "firstName", "lastName", "updatedAt")
      SELECT id, ${acct.accountId}, 'REGULAR', 'ACTIVE', 'F', 'Smith' || id, now() FROM "User" WHERE email LIKE 'count-%'`);
    const [one] = await db.$queryRaw<{ userId: number }[]>`
      SELECT "userId" FROM "Membership" WHERE "accountId" = ${acct.accountId} ORDER BY "userId" DESC LIMIT 1`;
    someUserId = one.userId;
  }, 60_000);

  it("no operation issues a statement per row", async () => {
    const growing: string[] = [];
    for (const [name, run] of operations) {
      if (name === "PATCH a record") continue;
      await run(5); // warm caches that legitimately skip statements
      const small = (await statementsOf(() => run(5))).length;
      await run(50);
      const large = (await statementsOf(() => run(50))).length;
      if (large !== small) growing.push(`${name}: ${small} statements for 5 rows, ${large} for 50`);
    }
    expect(growing).toEqual([]);
  });
});
