import { describe, expect, it } from "vitest";
import { addMember } from "@/lib/domain/members/add-member";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { listMembers } from "@/lib/domain/members/list-members";
import { updateProfile } from "@/lib/domain/users/update-profile";
import { flushKeyUses } from "@/lib/platform/auth/last-used";
import { getDb } from "@/lib/platform/db/client";
import { enforce, flushCounters } from "@/lib/platform/limits/rate-limit";
import { actorFor, expectDomainError, newAccount, uniqueEmail } from "./setup/fixtures";

describe("rate limits counted in memory, shared in batches", () => {
  it("refuses past the limit at once, and learns other servers' counts at the next flush", async () => {
    const key = `test:${Math.random()}`;
    for (let i = 0; i < 3; i++) await enforce(key, 3);
    await expectDomainError(enforce(key, 3), "rate_limited");
    await flushCounters();
    const db = await getDb();
    const [row] = await db.$queryRaw<{ count: number }[]>`SELECT "count" FROM "RateLimitBucket" WHERE key = ${key}`;
    expect(row.count).toBe(4);

    // Another app server counted 7 on a second key: after a flush, this one knows.
    const other = `test:${Math.random()}`;
    await enforce(other, 10);
    await flushCounters();
    await db.$executeRaw`UPDATE "RateLimitBucket" SET "count" = "count" + 7 WHERE key = ${other}`;
    await enforce(other, 10);
    await flushCounters(); // 9 in all, and now this server knows it
    await enforce(other, 10); // the 10th
    await expectDomainError(enforce(other, 10), "rate_limited");
  });
});

describe("API key last use", () => {
  it("is written in a batch, not per request", async () => {
    const acct = await newAccount();
    const db = await getDb();
    const before = await db.apiCredential.findFirstOrThrow({ where: { membershipId: acct.owner.membershipId } });
    await actorFor(acct.ownerKey);
    const unflushed = await db.apiCredential.findUniqueOrThrow({ where: { id: before.id } });
    expect(unflushed.lastUsedAt).toEqual(before.lastUsedAt);
    await flushKeyUses();
    const after = await db.apiCredential.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.lastUsedAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});

async function accountWith(lastNames: (string | null)[]) {
  const acct = await newAccount("Scale");
  const ids: number[] = [];
  for (const [i, lastName] of lastNames.entries()) {
    const m = await addMember(acct.owner, { email: uniqueEmail(`m${i}`), firstName: `F${i}`, lastName });
    ids.push(m.userId);
  }
  return { acct, ids };
}

describe("member lists", () => {
  it("sort names case-insensitively, missing last in both directions, ties by id in the same direction", async () => {
    const { acct } = await accountWith(["beta", "Alpha", null, "alpha", "Gamma"]);
    const asc = await listMembers(acct.owner, { sort: [{ field: "lastName", desc: false }], limit: 100 });
    const names = asc.rows.map((r) => r.lastName);
    expect(names).toEqual(["Alpha", "alpha", "beta", "Gamma", "Owner", null]);
    const desc = await listMembers(acct.owner, { sort: [{ field: "lastName", desc: true }], limit: 100 });
    // Descending reverses the names; a missing name stays last (seed 003: sort=-lastName).
    const named = asc.rows.filter((r) => r.lastName !== null).map((r) => r.userId);
    const blank = asc.rows.filter((r) => r.lastName === null).map((r) => r.userId);
    expect(desc.rows.map((r) => r.userId)).toEqual([...named.reverse(), ...blank.reverse()]);
  });

  it("keep totals exact across every change, including a renamed user", async () => {
    const { acct, ids } = await accountWith(["Smith", "Smythe", "Jones"]);
    const sm = { filters: [{ field: "lastName" as const, op: "prefix" as const, value: "Sm" }] };
    expect((await listMembers(acct.owner, sm)).total).toBe(2);
    expect((await listMembers(acct.owner, sm)).total).toBe(2); // from the cache
    await updateProfile(acct.owner, ids[2], { lastName: "Smalls" });
    expect((await listMembers(acct.owner, sm)).total).toBe(3);
    await deleteMember(acct.owner, ids[0]);
    const after = await listMembers(acct.owner, sm);
    expect(after.total).toBe(2);
    expect(after.rows.map((r) => r.lastName).sort()).toEqual(["Smalls", "Smythe"]);
  });

  it("answer deep pages from the ordered ids, and follow every change", async () => {
    const names = Array.from({ length: 1_030 }, (_, i) => `N${String(i).padStart(4, "0")}`);
    const acct = await newAccount("Deep");
    const db = await getDb();
    // 1,030 members, added in one statement so the test stays quick.
    await db.$executeRaw`
      WITH u AS (
        INSERT INTO "User" (uid, email, "updatedAt")
        SELECT md5(random()::text) || md5(random()::text), 'deep-' || n || '-' || md5(random()::text) || '@example.test', now()
        FROM jsonb_array_elements_text(${JSON.stringify(names)}::jsonb) n RETURNING id, email)
      INSERT INTO "Membership" ("userId", "accountId", status, "lastName", "updatedAt")
      SELECT id, ${acct.accountId}, 'ACTIVE', split_part(email, '-', 2), now() FROM u`;
    const sort = [{ field: "lastName" as const, desc: false }];
    const page = (n: number) => listMembers(acct.owner, { sort, page: n, limit: 10 });
    const deep = await page(102); // offset 1,010: past the scanning threshold
    expect(deep.total).toBe(1_031);
    expect(deep.rows.map((r) => r.lastName)).toEqual(names.slice(1_010, 1_020));
    const victim = deep.rows[0].userId;
    await deleteMember(acct.owner, victim);
    const shifted = await page(102);
    expect(shifted.total).toBe(1_030);
    expect(shifted.rows.map((r) => r.lastName)).toEqual(names.slice(1_011, 1_021));
  });

  it("page by cursor without skipping or repeating, while members come and go", async () => {
    const { acct, ids } = await accountWith(["a", "b", "c", "d", "e", "f", "g"]);
    const sort = [{ field: "lastName" as const, desc: true }];
    const first = await listMembers(acct.owner, { sort, limit: 3, cursor: "" });
    expect(first.rows.map((r) => r.lastName)).toEqual(["Owner", "g", "f"]);
    expect(first.page).toBe(1);
    await deleteMember(acct.owner, ids[0]); // "a", not yet seen
    await addMember(acct.owner, { email: uniqueEmail("z"), lastName: "zz" }); // sorts before the cursor
    const second = await listMembers(acct.owner, { sort, limit: 3, cursor: first.nextCursor ?? "x" });
    expect(second.rows.map((r) => r.lastName)).toEqual(["e", "d", "c"]);
    expect(second.page).toBe(2);
    const third = await listMembers(acct.owner, { sort, limit: 3, cursor: second.nextCursor ?? "x" });
    expect(third.rows.map((r) => r.lastName)).toEqual(["b"]);
    expect(third.nextCursor).toBeNull();
  });

  it("refuse a cursor from another order or one never given out", async () => {
    const { acct } = await accountWith(["a", "b"]);
    const first = await listMembers(acct.owner, { sort: [{ field: "lastName", desc: false }], limit: 1, cursor: "" });
    await expectDomainError(
      listMembers(acct.owner, { sort: [{ field: "email", desc: false }], cursor: first.nextCursor ?? "" }),
      "invalid_input",
    );
    await expectDomainError(listMembers(acct.owner, { cursor: "not-a-cursor" }), "invalid_input");
    await expectDomainError(
      listMembers(acct.owner, { sort: [{ field: "title", desc: false }], cursor: "" }),
      "invalid_input",
    );
  });
});
