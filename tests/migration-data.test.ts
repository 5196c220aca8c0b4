// The member-profile, blanks-last and names migrations on a database that holds
// data: every profile a person had reaches each of their memberships, people in
// no account keep theirs aside, blank names are keyed last, names are folded
// and searchable, members' last activity starts from their keys' last use,
// nothing else changes; SSO requires nothing of an upgraded account or session;
// each account's audited changes become its first events, numbered in order.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPGlite } from "@/lib/platform/db/pglite";

const DIR = path.resolve("prisma/migrations");
const PROFILES = "20261130112301_person_and_member_profiles";
const RECOVERY = "20261207022930_recovery_binds_links";
const SESSIONS = "20261207044808_sessions_and_second_factors";
const SSO = "20261207071715_sso_connections";
const EVENTS = "20261207165832_event_outbox";
const migrations = readdirSync(DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

interface Db {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

async function openDb(): Promise<Db> {
  if (process.env.ROSTER_TEST_DB === "postgres") {
    const admin = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
    const name = `roster_mig_${randomBytes(5).toString("hex")}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return {
      exec: async (sql) => void (await client.query(sql)),
      rows: async (sql) => (await client.query(sql)).rows,
      close: async () => {
        await client.end();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const lite = await openPGlite();
  return {
    exec: async (sql) => void (await lite.exec(sql)),
    rows: async <T>(sql: string) => (await lite.query<T>(sql)).rows,
    close: () => lite.close(),
  };
}

let db: Db;
beforeAll(async () => {
  db = await openDb();
  for (const m of migrations.filter((n) => n < PROFILES))
    await db.exec(readFileSync(path.join(DIR, m, "migration.sql"), "utf8"));
  await db.exec(`
    INSERT INTO "Account" (id, name, "updatedAt") VALUES (1, 'A', now()), (2, 'B', now());
    INSERT INTO "User" (id, uid, email, "firstName", "lastName", title, department, "phoneMobile", gender,
                        "termsAccepted", "passwordHash", "updatedAt")
    VALUES (1, 'u1', 'both@example.test', 'Ana', 'Álvarez', 'CTO', 'Eng', '+1 555', 'female', true, 'hash-1', now()),
           (2, 'u2', 'one@example.test', 'Bo', 'Berg', NULL, 'Ops', NULL, 'unknown', false, NULL, now()),
           (3, 'u3', 'none@example.test', 'Cy', 'Nobody', 'Retired', NULL, NULL, 'male', false, NULL, now()),
           (4, 'u4', 'blank@example.test', 'Di', '   ', NULL, NULL, NULL, 'unknown', false, NULL, now());
    INSERT INTO "Membership" (id, "userId", "accountId", role, status, attributes, "updatedAt")
    VALUES (1, 1, 1, 'SUPER', 'ACTIVE', '{"badge": "A-1"}', now()),
           (2, 1, 2, 'REGULAR', 'ACTIVE', '{}', now()),
           (3, 2, 2, 'ADMIN', 'SUSPENDED', '{}', now()),
           (4, 4, 1, 'REGULAR', 'ACTIVE', '{}', now());
    INSERT INTO "Group" (id, "accountId", name, "updatedAt")
    VALUES (1, 1, 'Engineering', now()), (2, 1, 'engineering', now()), (3, 2, 'ENGINEERING', now()),
           (4, 1, 'Sales', now());
    INSERT INTO "Policy" (id, "accountId", name, "updatedAt")
    VALUES (1, 1, 'VPN', now()), (2, 1, 'vpn', now()), (3, 1, 'Vpn', now());
    INSERT INTO "ApiCredential" (id, "membershipId", "keyId", "secretHash", "secretEncrypted", "lastUsedAt", "revokedAt")
    VALUES (1, 1, 'k1', 'h', 'e', '2026-10-01T10:00:00Z', '2026-10-02T00:00:00Z'),
           (2, 1, 'k2', 'h', 'e', '2026-11-20T08:30:00Z', NULL),
           (3, 2, 'k3', 'h', 'e', NULL, NULL),
           (4, 3, 'k4', 'h', 'e', '2026-09-09T09:09:09Z', NULL);
  `);
  for (const m of migrations.filter((n) => n >= PROFILES && n < RECOVERY))
    await db.exec(readFileSync(path.join(DIR, m, "migration.sql"), "utf8"));
  // Links pending at the upgrade: a person's (their version moved on once), an unused join link for a
  // known address, one for an unknown address, and a used one.
  await db.exec(`
    UPDATE "User" SET "sessionVersion" = 3 WHERE id = 1;
    INSERT INTO "EmailToken" (id, purpose, "userId", email, "tokenHash", "expiresAt", "usedAt")
    VALUES (1, 'reset_password', 1, 'moved@example.test', 't1', now() + interval '1 hour', NULL),
           (2, 'join', NULL, 'one@example.test', 't2', now() + interval '1 day', NULL),
           (3, 'join', NULL, 'nobody@example.test', 't3', now() + interval '1 day', NULL),
           (4, 'verify_email', 2, 'one@example.test', 't4', now() + interval '1 day', now());
  `);
  for (const m of migrations.filter((n) => n >= RECOVERY && n < SESSIONS))
    await db.exec(readFileSync(path.join(DIR, m, "migration.sql"), "utf8"));
  // Sessions signed out before the upgrade (the table it replaces).
  await db.exec(`INSERT INTO "EndedSession" (sid, "expiresAt") VALUES ('old-sid', now() + interval '1 hour')`);
  for (const m of migrations.filter((n) => n >= SESSIONS && n < SSO))
    await db.exec(readFileSync(path.join(DIR, m, "migration.sql"), "utf8"));
  // A session signed in before SSO existed.
  await db.exec(`INSERT INTO "Session" (id, "userId", version, methods, level, "expiresAt")
                 VALUES ('live-sid', 1, 3, '{pwd,otp}', 2, now() + interval '1 day')`);
  for (const m of migrations.filter((n) => n >= SSO && n < EVENTS))
    await db.exec(readFileSync(path.join(DIR, m, "migration.sql"), "utf8"));
  // The audit log before the event stream: two accounts' changes, a person's own (no account), an old action.
  await db.exec(`
    INSERT INTO "AuditEvent" (id, "accountId", "actorKind", action, "targetType", "targetId", after, "createdAt")
    VALUES (1, 1, 'api_key', 'member.add', 'membership', '4', '{"role":"REGULAR"}', '2026-11-01T10:00:00Z'),
           (2, 2, 'session', 'group.create', 'group', '3', '{"name":"ENGINEERING"}', '2026-11-02T10:00:00Z'),
           (3, NULL, 'public', 'user.sign_in', 'user', '1', NULL, '2026-11-03T10:00:00Z'),
           (4, 1, 'scim', 'member.retired_action', 'membership', '4', NULL, '2026-11-04T10:00:00Z'),
           (5, 1, 'api_key', 'user.update', 'user', '4', '{"title":"CTO"}', '2026-11-05T10:00:00Z');
  `);
  for (const m of migrations.filter((n) => n >= EVENTS))
    await db.exec(readFileSync(path.join(DIR, m, "migration.sql"), "utf8"));
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe("the member-profile migration", () => {
  it("copies each person's profile onto every membership of theirs", async () => {
    const rows = await db.rows<Record<string, unknown>>(
      `SELECT id, "firstName", "lastName", title, department, "phoneMobile", gender::text AS gender, "termsAccepted",
              attributes, role::text AS role, status::text AS status, "sortLastName", "sortEmail"
       FROM "Membership" ORDER BY id`,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        id: 1,
        firstName: "Ana",
        lastName: "Álvarez",
        title: "CTO",
        department: "Eng",
        phoneMobile: "+1 555",
        gender: "female",
        termsAccepted: true,
        attributes: { badge: "A-1" },
        role: "SUPER",
        status: "ACTIVE",
        sortLastName: "alvarez", // folded by the names migration that follows
        sortEmail: "both@example.test",
      }),
      expect.objectContaining({ id: 2, firstName: "Ana", lastName: "Álvarez", title: "CTO", role: "REGULAR" }),
      expect.objectContaining({ id: 3, firstName: "Bo", lastName: "Berg", department: "Ops", status: "SUSPENDED" }),
      expect.objectContaining({ id: 4, firstName: "Di", lastName: "   " }),
    ]);
  });

  it("keeps the login on the person and the profile of a person in no account aside", async () => {
    const people = await db.rows<{ id: number; email: string; passwordHash: string | null; legacyProfile: unknown }>(
      `SELECT id, email, "passwordHash", "legacyProfile" FROM "User" ORDER BY id`,
    );
    expect(people[0]).toMatchObject({ email: "both@example.test", passwordHash: "hash-1", legacyProfile: null });
    expect(people[2].legacyProfile).toEqual({
      firstName: "Cy",
      lastName: "Nobody",
      title: "Retired",
      gender: "male",
      termsAccepted: false,
    });
    const columns = await db.rows<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'firstName'`,
    );
    expect(columns).toEqual([]);
  });

  it("leaves working sort-key triggers: one account's edit moves only its own row", async () => {
    await db.exec(`UPDATE "Membership" SET "lastName" = 'Zeta' WHERE id = 2`);
    await db.exec(`UPDATE "User" SET email = 'moved@example.test' WHERE id = 1`);
    const rows = await db.rows<{ id: number; sortLastName: string; sortEmail: string }>(
      `SELECT id, "sortLastName", "sortEmail" FROM "Membership" WHERE "userId" = 1 ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 1, sortLastName: "alvarez", sortEmail: "moved@example.test" },
      { id: 2, sortLastName: "zeta", sortEmail: "moved@example.test" },
    ]);
  });
});

describe("the blanks-last migration", () => {
  it("keys a name of only spaces as blank: last in both directions, beside the others' keys untouched", async () => {
    const keys = await db.rows<{ id: number; sortLastName: string }>(
      `SELECT id, "sortLastName" FROM "Membership" WHERE "accountId" = 1 ORDER BY id`,
    );
    expect(keys).toEqual([
      { id: 1, sortLastName: "alvarez" },
      { id: 4, sortLastName: "\u{10FFFF}" },
    ]);
    const order = async (dir: "ASC" | "DESC") =>
      (
        await db.rows<{ id: number }>(
          `SELECT id FROM "Membership" WHERE "accountId" = 1
           ORDER BY ${dir === "ASC" ? `"sortLastName" ASC` : `roster_desc_key("sortLastName") DESC`}`,
        )
      ).map((r) => r.id);
    expect(await order("ASC")).toEqual([1, 4]);
    expect(await order("DESC")).toEqual([1, 4]);
  });
});

describe("the names migration", () => {
  it("folds every existing member's name keys and fills their search text; later edits keep both", async () => {
    const rows = await db.rows<{ id: number; sortLastName: string; sortFirstName: string; searchText: string }>(
      `SELECT id, "sortLastName", "sortFirstName", "searchText" FROM "Membership" ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 1, sortLastName: "alvarez", sortFirstName: "ana", searchText: "ana alvarez cto eng moved@example.test" },
      { id: 2, sortLastName: "zeta", sortFirstName: "ana", searchText: "ana zeta cto eng moved@example.test" },
      { id: 3, sortLastName: "berg", sortFirstName: "bo", searchText: "bo berg ops one@example.test" },
      { id: 4, sortLastName: "\u{10FFFF}", sortFirstName: "di", searchText: "di     blank@example.test" },
    ]);
    await db.exec(`UPDATE "Membership" SET "lastName" = 'Ødegård', title = 'Søren''s boss' WHERE id = 3`);
    const [edited] = await db.rows<{ sortLastName: string; searchText: string }>(
      `SELECT "sortLastName", "searchText" FROM "Membership" WHERE id = 3`,
    );
    expect(edited).toEqual({ sortLastName: "odegard", searchText: "bo odegard soren's boss ops one@example.test" });
    const found = await db.rows<{ id: number }>(
      `SELECT id FROM "Membership" WHERE "searchText" LIKE '%' || roster_fold('ØDEGÅRD') || '%'`,
    );
    expect(found).toEqual([{ id: 3 }]);
  });
});

describe("the names-unique-in-any-case migration", () => {
  it("keeps the oldest of names that differ only in case, renames the later ones, and refuses new clashes", async () => {
    const groups = await db.rows<{ id: number; name: string }>(`SELECT id, name FROM "Group" ORDER BY id`);
    expect(groups).toEqual([
      { id: 1, name: "Engineering" },
      { id: 2, name: "engineering (2)" },
      { id: 3, name: "ENGINEERING" }, // another account's
      { id: 4, name: "Sales" },
    ]);
    const policies = await db.rows<{ name: string }>(`SELECT name FROM "Policy" ORDER BY id`);
    expect(policies.map((p) => p.name)).toEqual(["VPN", "vpn (2)", "Vpn (3)"]);
    await expect(
      db.exec(`INSERT INTO "Group" ("accountId", name, "updatedAt") VALUES (1, 'SALES', now())`),
    ).rejects.toThrow(/unique|duplicate/i);
  });
});

describe("the member-activity migration", () => {
  it("starts each member's last activity at the newest use of their keys in that account, no one else's", async () => {
    const rows = await db.rows<{ membershipId: number; at: string }>(
      `SELECT "membershipId", to_char("lastActiveAt", 'YYYY-MM-DD"T"HH24:MI:SS') AS at FROM "MemberActivity" ORDER BY 1`,
    );
    expect(rows).toEqual([
      { membershipId: 1, at: "2026-11-20T08:30:00" },
      { membershipId: 3, at: "2026-09-09T09:09:09" },
    ]);
    const keys = await db.rows<{ n: number }>(`SELECT count(*)::int AS n FROM "ApiCredential"`);
    expect(keys[0].n).toBe(4);
  });
});

describe("the recovery-binds-links migration", () => {
  it("binds each pending link to its person's session version today, so it works until their next recovery", async () => {
    const rows = await db.rows<{ id: number; userVersion: number | null; usedAt: unknown }>(
      `SELECT id, "userVersion", "usedAt" FROM "EmailToken" ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, r.userVersion, r.usedAt !== null])).toEqual([
      [1, 3, false],
      [2, 0, false],
      [3, null, false],
      [4, null, true],
    ]);
  });
});

describe("the sessions-and-second-factors migration", () => {
  it("keeps every person, login and account; no policy is on; no session survives; factors bump their lists", async () => {
    const users = await db.rows<{ id: number; passwordHash: string | null; sessionVersion: number }>(
      `SELECT id, "passwordHash", "sessionVersion" FROM "User" ORDER BY id`,
    );
    expect(users.map((u) => [u.id, u.passwordHash, u.sessionVersion])).toEqual([
      [1, "hash-1", 3],
      [2, null, 0],
      [3, null, 0],
      [4, null, 0],
    ]);
    const accounts = await db.rows<{ mfaPolicy: string; securityVersion: number }>(
      `SELECT "mfaPolicy"::text AS "mfaPolicy", "securityVersion" FROM "Account" ORDER BY id`,
    );
    expect(accounts).toEqual([
      { mfaPolicy: "OFF", securityVersion: 0 },
      { mfaPolicy: "OFF", securityVersion: 0 },
    ]);
    expect(await db.rows(`SELECT id FROM "Session" WHERE id <> 'live-sid'`)).toEqual([]);
    expect(await db.rows(`SELECT to_regclass('"EndedSession"') AS t`)).toEqual([{ t: null }]);
    const version = async () =>
      (await db.rows<{ v: string }>(`SELECT "membersVersion"::text AS v FROM "Account" ORDER BY id`)).map((r) =>
        Number(r.v),
      );
    const before = await version();
    // An unconfirmed factor moves no list; confirming it moves both of person 1's accounts.
    await db.exec(`INSERT INTO "SecondFactor" (id, "userId", type, name) VALUES (1, 1, 'totp', 'App')`);
    expect(await version()).toEqual(before);
    await db.exec(`UPDATE "SecondFactor" SET "confirmedAt" = now() WHERE id = 1`);
    expect(await version()).toEqual(before.map((v) => v + 1));
    await db.exec(`UPDATE "SecondFactor" SET "lastStep" = 5 WHERE id = 1`);
    expect(await version()).toEqual(before.map((v) => v + 1));
    await db.exec(`DELETE FROM "SecondFactor" WHERE id = 1`);
    expect(await version()).toEqual(before.map((v) => v + 2));
  });
});

describe("the SSO-connections migration", () => {
  it("requires SSO nowhere and keeps every session as it was: through no identity provider, acting anywhere", async () => {
    expect(await db.rows(`SELECT "ssoPolicy"::text AS p FROM "Account" ORDER BY id`)).toEqual([
      { p: "OPTIONAL" },
      { p: "OPTIONAL" },
    ]);
    expect(
      await db.rows(`SELECT id, "userId", level, "connectionId", "ssoAccountId", "endedAt" FROM "Session"`),
    ).toEqual([{ id: "live-sid", userId: 1, level: 2, connectionId: null, ssoAccountId: null, endedAt: null }]);
    expect(await db.rows(`SELECT count(*)::int AS n FROM "SsoConnection"`)).toEqual([{ n: 0 }]);
  });
});

describe("the event-outbox migration", () => {
  it("numbers each account's audited changes in order as its first events; the audit log stays as it was", async () => {
    expect(
      await db.rows(
        `SELECT "accountId", sequence, "auditEventId", type, "occurredAt" FROM "Event" ORDER BY "accountId", sequence`,
      ),
    ).toEqual([
      {
        accountId: 1,
        sequence: 1,
        auditEventId: 1,
        type: "member.created",
        occurredAt: new Date("2026-11-01T10:00:00Z"),
      },
      {
        accountId: 1,
        sequence: 2,
        auditEventId: 5,
        type: "member.updated",
        occurredAt: new Date("2026-11-05T10:00:00Z"),
      },
      {
        accountId: 2,
        sequence: 1,
        auditEventId: 2,
        type: "group.created",
        occurredAt: new Date("2026-11-02T10:00:00Z"),
      },
    ]);
    expect(await db.rows(`SELECT id, "eventSequence" FROM "Account" ORDER BY id`)).toEqual([
      { id: 1, eventSequence: 2 },
      { id: 2, eventSequence: 1 },
    ]);
    expect(await db.rows(`SELECT count(*)::int AS n FROM "AuditEvent"`)).toEqual([{ n: 5 }]);
    const ids = await db.rows<{ id: string }>(`SELECT id FROM "Event"`);
    for (const { id } of ids) expect(id).toMatch(/^evt_[0-9a-f]{24}$/);
  });
});
