// Loads the benchmark database: 1,000,000 users across 1,000 accounts, one
// of them holding 100,000 members, with names, statuses, roles, groups and
// smartcards. Set-based SQL (INSERT … SELECT over generate_series), not one
// insert per row. Prints the time it took; writes bench/.state.json (the API
// key and the sign-in of the large account's SUPER) for the run.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { encryptSecret, generateKey, hashSecret } from "../lib/platform/auth/api-key";
import { hashPassword } from "../lib/platform/auth/passwords";
import { FIRST_NAMES, LAST_NAMES } from "./names";
import { BENCH, benchUrl, STATE_FILE } from "./settings";

const USERS = Number(process.env.BENCH_USERS ?? 1_000_000);
const ACCOUNTS = 1_000;
const BIG = Math.min(100_000, Math.floor(USERS / 10));
const GROUPS_PER_ACCOUNT = 10;
const BIG_GROUPS = 50;

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]`;

async function main() {
  // The API key is hashed with a key derived from AUTH_SECRET: the run's app must share it.
  process.env.AUTH_SECRET ??= randomBytes(32).toString("hex");
  const started = Date.now();
  const step = (label: string) =>
    console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${label}`);
  const admin = new pg.Client({ connectionString: BENCH.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH.database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${BENCH.database}`);
  await admin.end();
  execFileSync(path.resolve("node_modules/.bin/tsx"), ["scripts/migrate.ts", "apply"], {
    env: { ...process.env, DATABASE_URL: benchUrl() },
    stdio: "ignore",
  });
  step("database created and migrated");

  const db = new pg.Client({ connectionString: benchUrl() });
  await db.connect();
  await db.query("SET synchronous_commit = off");
  await db.query("SET maintenance_work_mem = '512MB'");
  await db.query(`
    INSERT INTO "Account" (id, name, domain, "tokenBalance", "updatedAt")
    SELECT a, CASE WHEN a = 1 THEN 'Globex (100k members)' ELSE 'Company ' || a END,
           'company' || a || '.example', (a * 37) % 1000, now()
    FROM generate_series(1, ${ACCOUNTS}) a`);
  await db.query(`SELECT setval(pg_get_serial_sequence('"Account"', 'id'), ${ACCOUNTS})`);

  // Secondary indexes are built once after the rows are in (a sort each) rather
  // than updated row by row; primary keys stay, the foreign keys need them.
  const { rows: indexes } = await db.query<{ indexname: string; indexdef: string }>(`
    SELECT indexname, indexdef FROM pg_indexes
    WHERE schemaname = 'public' AND tablename IN ('User', 'Membership')
      AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')`);
  for (const { indexname } of indexes) await db.query(`DROP INDEX "${indexname}"`);

  // User i belongs to account 1 when i <= BIG, else to one of the other 999.
  const accountOf = `(CASE WHEN i <= ${BIG} THEN 1 ELSE 2 + ((i - ${BIG} - 1) % ${ACCOUNTS - 1}) END)`;
  await db.query(`
    INSERT INTO "User" (id, uid, email, "emailStatus", "createdAt", "updatedAt")
    SELECT i, encode(sha256(('user-' || i)::bytea), 'hex'),
           'user' || i || '@company' || ${accountOf} || '.example',
           CASE WHEN i % 5 = 0 THEN 'UNCONFIRMED' ELSE 'CONFIRMED' END::"EmailStatus",
           timestamp '2020-01-01' + (i || ' minutes')::interval, now()
    FROM generate_series(1, ${USERS}) i`);
  await db.query(`SELECT setval(pg_get_serial_sequence('"User"', 'id'), ${USERS})`);
  step(`${USERS.toLocaleString("en")} users`);

  // Triggers would look up each user again; the loader sets the same sort keys itself.
  // Membership i is person i's, with that account's profile of them.
  await db.query("SET session_replication_role = replica");
  // Names come from two small pools: their keys and folded forms are computed
  // once per pool entry (the same functions the trigger uses), then joined.
  const pool = (names: string[]) => `(
    SELECT x AS name, ord - 1 AS k, roster_name_sort_key(x) AS sortkey, roster_fold(x) AS folded,
           roster_fold(NULLIF(translate(x, $c$'’‘\`´.-‐‑‒–—$c$, ''), x)) AS extra
    FROM unnest(${sqlArray(names)}) WITH ORDINALITY AS t(x, ord))`;
  const titles = "ARRAY['Engineer','Manager','Analyst','Designer','Director','Consultant']";
  const departments = "ARRAY['Sales','Engineering','Finance','Support','Legal','Operations','Marketing']";
  await db.query(`
    INSERT INTO "Membership" (id, "userId", "accountId", role, status, "firstName", "lastName", "displayName",
                              title, department, gender, "createdAt", "updatedAt",
                              "sortLastName", "sortFirstName", "sortEmail", "searchText")
    SELECT i, i, ${accountOf},
           (CASE WHEN i = 1 OR i = ${BIG + 1} OR (i > ${BIG + 1} AND i <= ${BIG + ACCOUNTS - 1}) THEN 'SUPER'
                 WHEN i % 50 = 0 THEN 'ADMIN' WHEN i % 33 = 0 THEN 'DEVELOPER' WHEN i % 20 = 0 THEN 'GUEST'
                 ELSE 'REGULAR' END)::"Role",
           (CASE WHEN i <= ${BIG + ACCOUNTS - 1} AND (i = 1 OR i > ${BIG}) THEN 'ACTIVE'
                 WHEN i % 100 < 85 THEN 'ACTIVE' WHEN i % 100 < 90 THEN 'INVITED'
                 WHEN i % 100 < 95 THEN 'SUSPENDED' WHEN i % 100 < 97 THEN 'DISABLED'
                 WHEN i % 100 < 99 THEN 'REQUESTED' ELSE 'DECLINED' END)::"MembershipStatus",
           f.name, l.name, f.name || ' ' || l.name, title, department,
           (ARRAY['male','female','other','unknown'])[1 + i % 4]::"Gender",
           timestamp '2020-01-01' + (i || ' minutes')::interval, now(),
           l.sortkey, f.sortkey, email,
           -- roster_search_text(first, NULL, last, display, title, department, NULL, email), folded piece by piece
           concat_ws(' ', f.folded, l.folded, f.folded || ' ' || l.folded, lower(title), lower(department), email,
                     f.extra, l.extra)
    FROM (SELECT i, 'user' || i || '@company' || ${accountOf} || '.example' AS email,
                 (${titles})[1 + i % 6] AS title, (${departments})[1 + i % 7] AS department,
                 (i::bigint * 7919) % ${FIRST_NAMES.length} AS fk,
                 (i::bigint * 104729 / 7) % ${LAST_NAMES.length} AS lk
          FROM generate_series(1, ${USERS}) i) s
    JOIN ${pool(FIRST_NAMES)} f ON f.k = s.fk
    JOIN ${pool(LAST_NAMES)} l ON l.k = s.lk`);
  // The loader's shortcut must key members exactly as the trigger would.
  const { rows: wrong } = await db.query(`
    SELECT count(*)::int AS n FROM "Membership" m JOIN "User" u ON u.id = m."userId"
    WHERE m.id % 997 = 0 AND (
      m."searchText" IS DISTINCT FROM roster_search_text(m."firstName", m."middleName", m."lastName", m."displayName",
        m.title, m.department, m.username, u.email)
      OR m."sortLastName" IS DISTINCT FROM roster_name_sort_key(m."lastName")
      OR m."sortFirstName" IS DISTINCT FROM roster_name_sort_key(m."firstName")
      OR m."sortEmail" IS DISTINCT FROM roster_sort_key(u.email))`);
  if (wrong[0].n) throw new Error(`${wrong[0].n} sampled memberships are keyed unlike the trigger keys them`);
  await db.query(`SELECT setval(pg_get_serial_sequence('"Membership"', 'id'), ${USERS})`);
  step(`${USERS.toLocaleString("en")} memberships`);
  for (const { indexdef } of indexes) await db.query(indexdef);
  step(`${indexes.length} indexes of users and memberships built`);

  await db.query(`
    INSERT INTO "Group" ("accountId", name, "updatedAt")
    SELECT a, 'Team ' || g, now() FROM generate_series(1, ${ACCOUNTS}) a,
      LATERAL generate_series(1, CASE WHEN a = 1 THEN ${BIG_GROUPS} ELSE ${GROUPS_PER_ACCOUNT} END) g`);
  await db.query(`
    INSERT INTO "GroupMember" ("groupId", "membershipId")
    SELECT g.id, m.id FROM "Membership" m
    JOIN "Group" g ON g."accountId" = m."accountId"
     AND g.name = 'Team ' || (1 + m.id % CASE WHEN m."accountId" = 1 THEN ${BIG_GROUPS} ELSE ${GROUPS_PER_ACCOUNT} END)
    WHERE m.status NOT IN ('REQUESTED', 'DECLINED') AND m.role <> 'GUEST'`);
  step("groups and group places");
  await db.query(`
    INSERT INTO "Smartcard" ("accountId", "membershipId", number, label)
    SELECT m."accountId", m.id, lpad((m.id * 7)::text, 12, '0'), 'Badge'
    FROM "Membership" m WHERE m.id % 10 < 3`);
  step("smartcards (30% of members)");
  await db.query("SET session_replication_role = DEFAULT");
  await db.query(`UPDATE "Account" SET "membersVersion" = 1`);

  // The large account's SUPER: a password for the console and an API key.
  const password = randomBytes(12).toString("base64url");
  const key = generateKey();
  await db.query(`UPDATE "User" SET "passwordHash" = $1 WHERE id = 1`, [await hashPassword(password)]);
  await db.query(
    `INSERT INTO "ApiCredential" ("membershipId", "keyId", "secretHash", "secretEncrypted") VALUES (1, $1, $2, $3)`,
    [key.keyId, hashSecret(key.secret), encryptSecret(key.secret)],
  );
  const { rows } = await db.query(`SELECT email FROM "User" WHERE id = 1`);
  step("API key and password for the large account's SUPER");
  await db.query("VACUUM ANALYZE");
  step("VACUUM ANALYZE");
  await db.end();
  const seconds = (Date.now() - started) / 1000;
  mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  writeFileSync(
    STATE_FILE,
    JSON.stringify(
      {
        users: USERS,
        accounts: ACCOUNTS,
        bigAccount: { id: 1, members: BIG, email: rows[0].email, password, apiKey: key.apiKey },
        loadSeconds: seconds,
        authSecret: process.env.AUTH_SECRET,
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  console.log(`Loaded ${USERS.toLocaleString("en")} users in ${ACCOUNTS} accounts in ${seconds.toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
