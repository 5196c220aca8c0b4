// SPEC §2 invariants, including under concurrent requests (real parallel
// transactions on PostgreSQL; serialized on the embedded PGlite).
import { describe, expect, it } from "vitest";
import { acceptInvitation } from "@/lib/domain/invitations/accept-invitation";
import { inviteMember } from "@/lib/domain/invitations/invite-member";
import { demoteMember, setMemberRole } from "@/lib/domain/members/change-role";
import { removeMember, toggleSuspension } from "@/lib/domain/members/change-status";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { assertKeepsActiveSuper } from "@/lib/domain/members/target";
import { inTransaction, type Tx } from "@/lib/domain/tx";
import { getDb } from "@/lib/platform/db/client";
import { DomainError } from "@/lib/platform/errors";
import { actorFor, expectDomainError, newAccount, newMember, uniqueEmail } from "./setup/fixtures";

const activeSupers = async (accountId: number) =>
  (await getDb()).membership.count({ where: { accountId, role: "SUPER", status: "ACTIVE" } });

describe("the last ACTIVE SUPER", () => {
  it("cannot be demoted, suspended, removed or deleted, by another SUPER either", async () => {
    const acct = await newAccount();
    const other = await newMember(acct, "SUPER");
    // with two SUPERs, one may go...
    await setMemberRole(other.actor, acct.owner.userId, "ADMIN");
    // ...the remaining one is protected from everyone, including itself
    await expectDomainError(setMemberRole(other.actor, other.userId, "ADMIN"), "cannot_target_self");
    await expectDomainError(toggleSuspension(other.actor, other.userId), "cannot_target_self");
    expect(await activeSupers(acct.accountId)).toBe(1);
  });

  it("is kept when SUPERs demote each other", async () => {
    const acct = await newAccount();
    const b = await newMember(acct, "SUPER");
    await setMemberRole(acct.owner, b.userId, "REGULAR");
    // b's key now acts as a REGULAR
    await expectDomainError(setMemberRole(await actorFor(b.apiKey), acct.owner.userId, "REGULAR"), "forbidden");
    expect(await activeSupers(acct.accountId)).toBe(1);
  });
});

describe("the last ACTIVE SUPER, guarded where no other rule can mask it (issue 27)", () => {
  // Every verb's own rules (not yourself, only a SUPER acts on a SUPER, the
  // actor still current under the lock) already stop each path to it, so a
  // missing last-SUPER check went unnoticed. These tests reach it directly.
  it("assertKeepsActiveSuper refuses each way of losing the last one and allows what keeps one", async () => {
    const acct = await newAccount();
    const db = await getDb();
    const owner = await db.membership.findFirstOrThrow({ where: { accountId: acct.accountId, role: "SUPER" } });
    const check = (after: { role: string; status: string } | null) =>
      inTransaction((tx) => assertKeepsActiveSuper(tx, owner, after));
    for (const after of [{ role: "ADMIN", status: "ACTIVE" }, { role: "SUPER", status: "SUSPENDED" }, null])
      await expectDomainError(check(after), "last_super");
    await check({ role: "SUPER", status: "ACTIVE" });
    // A SUSPENDED SUPER does not count; an ACTIVE one does.
    const second = await newMember(acct, "SUPER");
    await db.membership.updateMany({
      where: { userId: second.userId, accountId: acct.accountId },
      data: { status: "SUSPENDED" },
    });
    await expectDomainError(check(null), "last_super");
    await db.membership.updateMany({
      where: { userId: second.userId, accountId: acct.accountId },
      data: { status: "ACTIVE" },
    });
    await check(null);
  });

  it("the database refuses any statement that leaves an account without one, whatever path sent it", async () => {
    const acct = await newAccount();
    const other = await newAccount("Other");
    const db = await getDb();
    const run = (fn: (tx: Tx) => Promise<unknown>) => inTransaction(fn);
    const mine = { accountId: acct.accountId, role: "SUPER" as const };
    await expectDomainError(
      run((tx) => tx.membership.updateMany({ where: mine, data: { role: "ADMIN" } })),
      "last_super",
    );
    await expectDomainError(
      run((tx) => tx.membership.updateMany({ where: mine, data: { status: "DISABLED" } })),
      "last_super",
    );
    await expectDomainError(
      run((tx) => tx.membership.deleteMany({ where: mine })),
      "last_super",
    );
    // One statement over many accounts: refused whole, the other account untouched.
    await expectDomainError(
      run((tx) =>
        tx.membership.updateMany({
          where: { accountId: { in: [acct.accountId, other.accountId] } },
          data: { status: "SUSPENDED" },
        }),
      ),
      "last_super",
    );
    expect(await activeSupers(acct.accountId)).toBe(1);
    expect(await activeSupers(other.accountId)).toBe(1);
    // Handing over in one transaction is fine: a new SUPER first, then the old one steps down.
    const heir = await newMember(acct, "ADMIN");
    await run(async (tx) => {
      await tx.membership.updateMany({
        where: { accountId: acct.accountId, userId: heir.userId },
        data: { role: "SUPER" },
      });
      await tx.membership.updateMany({
        where: { accountId: acct.accountId, userId: acct.owner.userId },
        data: { role: "ADMIN" },
      });
    });
    expect(await activeSupers(acct.accountId)).toBe(1);
    // Deleting a whole account takes its SUPER with it.
    await db.account.delete({ where: { id: other.accountId } });
    expect(await db.membership.count({ where: { accountId: other.accountId } })).toBe(0);
  });
});

describe("nobody acts on themselves", () => {
  it("refuses self demote, suspend, remove and delete", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct, "ADMIN");
    await expectDomainError(demoteMember(admin.actor, admin.userId), "cannot_target_self");
    await expectDomainError(toggleSuspension(admin.actor, admin.userId), "cannot_target_self");
    await expectDomainError(removeMember(admin.actor, admin.userId), "cannot_target_self");
    await expectDomainError(deleteMember(admin.actor, admin.userId), "cannot_target_self");
    await expectDomainError(setMemberRole(admin.actor, admin.userId, "REGULAR"), "cannot_target_self");
  });
});

describe("under concurrency", () => {
  it("20 parallel demotions and removals aimed at the SUPERs leave at least one ACTIVE SUPER", async () => {
    const acct = await newAccount();
    const supers = [
      acct.owner,
      ...(await Promise.all([1, 2, 3].map(() => newMember(acct, "SUPER")))).map((m) => m.actor),
    ];
    const ops = Array.from({ length: 20 }, (_, i) => {
      const actor = supers[i % supers.length];
      const target = supers[(i + 1) % supers.length];
      const op =
        i % 3 === 0
          ? removeMember
          : i % 3 === 1
            ? toggleSuspension
            : (a: typeof actor, id: number) => setMemberRole(a, id, "REGULAR");
      return op(actor, target.userId);
    });
    const results = await Promise.allSettled(ops);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason, String(r.reason)).toBeInstanceOf(DomainError);
    }
    expect(await activeSupers(acct.accountId)).toBeGreaterThanOrEqual(1);
  });

  it("20 parallel invitations of one email leave exactly one invitation and one membership", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("race");
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => inviteMember(acct.owner, { email })));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected")
        expect((r.reason as DomainError).code).toMatch(/already_invited|already_member|conflict/);
    }
    const db = await getDb();
    expect(await db.invitation.count({ where: { accountId: acct.accountId, email } })).toBe(1);
    expect(await db.membership.count({ where: { accountId: acct.accountId, user: { email } } })).toBe(1);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("parallel accepts of one invitation accept it once", async () => {
    const acct = await newAccount();
    const r = await inviteMember(acct.owner, { email: uniqueEmail() });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        acceptInvitation({ kind: "public" }, { token: r.token, password: "long enough password" }),
      ),
    );
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
  });
});
