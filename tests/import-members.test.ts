import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAdminCommand } from "@/lib/cli/commands";
import { IMPORT_BATCH, importMembers } from "@/lib/domain/members/import-members";
import { listMembers } from "@/lib/domain/members/list-members";
import { systemActor } from "@/lib/platform/auth/actor";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, newAccount, newMember, uniqueEmail } from "./setup/fixtures";

const csv = (lines: string[]) => {
  const file = path.join(tmpdir(), `import-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
};

describe("import-members", () => {
  it("adds every row as an ACTIVE member with a key; other columns become custom attributes", async () => {
    const acct = await newAccount();
    const elsewhere = await newAccount("Elsewhere");
    const known = await newMember(elsewhere, "REGULAR", "known");
    const db = await getDb();
    const knownEmail = (await db.user.findUniqueOrThrow({ where: { id: known.userId } })).email;
    // Two batches.
    const rows = Array.from(
      { length: IMPORT_BATCH + 50 },
      (_, i) => `${uniqueEmail(`imp${i}`)},Ada,Lovelace${i},REGULAR,E-${i}`,
    );
    const file = csv(["email,firstName,lastName,role,badge", ...rows, `${knownEmail},Other,Name,ADMIN,`]);
    const progress: number[] = [];
    const r = await runAdminCommand(["import-members", "--account", String(acct.accountId), "--csv", file, "--json"], {
      onProgress: (done) => progress.push(done),
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: IMPORT_BATCH + 51, newUsers: IMPORT_BATCH + 50 });
    expect(progress).toEqual([IMPORT_BATCH, IMPORT_BATCH + 51]);
    const page = await listMembers(acct.owner, { filters: [{ field: "lastName", op: "eq", value: "Lovelace7" }] });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({
      status: "ACTIVE",
      role: "REGULAR",
      firstName: "Ada",
      attributes: { badge: "E-7" },
    });
    // An existing person joins with this account's own profile of them; the other account's stays.
    const joined = await db.membership.findFirstOrThrow({ where: { userId: known.userId, accountId: acct.accountId } });
    expect(joined.role).toBe("ADMIN");
    expect(joined.firstName).toBe("Other");
    const there = await db.membership.findFirstOrThrow({
      where: { userId: known.userId, accountId: elsewhere.accountId },
    });
    expect(there.firstName).toBe("known");
    const keys = await db.apiCredential.count({
      where: { membership: { accountId: acct.accountId }, revokedAt: null },
    });
    expect(keys).toBe(IMPORT_BATCH + 52); // the imported rows and the owner
    // One audit row and one member.created event per imported member, numbered on from the account's last event.
    const audits = await db.auditEvent.findMany({
      where: { accountId: acct.accountId, action: "member.import" },
      select: { id: true, targetId: true },
    });
    expect(audits).toHaveLength(IMPORT_BATCH + 51);
    expect(new Set(audits.map((a) => a.targetId)).has(String(known.userId))).toBe(true);
    const stream = await db.event.findMany({ where: { accountId: acct.accountId }, orderBy: { sequence: "asc" } });
    expect(stream.map((e) => e.sequence)).toEqual(stream.map((_, i) => i + 1));
    const imported = stream.filter((e) => audits.some((a) => a.id === e.auditEventId));
    expect(imported).toHaveLength(IMPORT_BATCH + 51);
    expect(new Set(imported.map((e) => e.type))).toEqual(new Set(["member.created"]));
    const account = await db.account.findUniqueOrThrow({ where: { id: acct.accountId } });
    expect(account.eventSequence).toBe(stream.length);
  });

  it("names the bad line and imports nothing", async () => {
    const acct = await newAccount();
    const db = await getDb();
    const before = await db.membership.count({ where: { accountId: acct.accountId } });
    const good = Array.from({ length: 2_100 }, (_, i) => `${uniqueEmail(`g${i}`)},Good,REGULAR`);
    const cases: [string[], RegExp][] = [
      [[...good, "not-an-email,Bad,REGULAR"], /line 2102: email must be an email address/],
      [[...good, `${uniqueEmail("r")},Bad,KING`], /line 2102: role/],
      [[good[0], good[1], good[0]], /line 4: .* is already on line 2/],
    ];
    for (const [rows, message] of cases) {
      const file = csv(["email,firstName,role", ...rows]);
      const r = await runAdminCommand(["import-members", "--account", String(acct.accountId), "--csv", file]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    // A member already in the account, in the second batch: the first batch is rolled back too.
    const owner = await db.user.findUniqueOrThrow({ where: { id: acct.owner.userId } });
    const many = Array.from({ length: IMPORT_BATCH }, (_, i) => uniqueEmail(`b${i}`));
    await expectDomainError(
      importMembers(systemActor("test"), acct.accountId, [
        ...many.map((email, i) => ({ line: i + 2, fields: { email }, attributes: {} })),
        { line: IMPORT_BATCH + 2, fields: { email: owner.email ?? "" }, attributes: {} },
      ]),
      "already_member",
    );
    expect(await db.user.count({ where: { email: many[0] } })).toBe(0);
    expect(await db.membership.count({ where: { accountId: acct.accountId } })).toBe(before);
    // Rows are checked a batch at a time while earlier batches are written: a
    // bad row or a duplicate in a later batch still names its line and undoes everything.
    const rows = (extra: { email: string; role?: string }) =>
      [...many.map((email) => ({ email })), extra].map((fields, i) => ({ line: i + 2, fields, attributes: {} }));
    await expect(importMembers(systemActor("test"), acct.accountId, rows({ email: "nope" }))).rejects.toThrow(
      new RegExp(`line ${IMPORT_BATCH + 2}: email`),
    );
    await expect(importMembers(systemActor("test"), acct.accountId, rows({ email: many[10] }))).rejects.toThrow(
      new RegExp(`line ${IMPORT_BATCH + 2}: .* is already on line 12`),
    );
    expect(await db.user.count({ where: { email: { in: many } } })).toBe(0);
    expect(await db.membership.count({ where: { accountId: acct.accountId } })).toBe(before);
    expect(await db.user.count({ where: { email: good[0].split(",")[0] } })).toBe(0);
  });

  it("refuses a member who may not manage members", async () => {
    const acct = await newAccount();
    const regular = await newMember(acct, "REGULAR");
    await expectDomainError(
      importMembers(regular.actor, acct.accountId, [{ line: 2, fields: { email: uniqueEmail() }, attributes: {} }]),
      "forbidden",
    );
  });
});
