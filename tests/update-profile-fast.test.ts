// A PATCH of profile fields is one statement: every check, the write and its
// audit event together. Refusals still name themselves (the full path checks
// again), and a change racing it is seen, not overwritten.
process.env.ROSTER_QUERY_EVENTS = "1";

import { describe, expect, it } from "vitest";
import { updateProfile } from "@/lib/domain/users/update-profile";
import { getDb, onQuery } from "@/lib/platform/db/client";
import { actorFor, expectDomainError, membership, newAccount, newMember } from "./setup/fixtures";

const onPostgres = process.env.ROSTER_TEST_DB === "postgres";

async function counted<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const stop = onQuery((q) => statements.push(q.query));
  try {
    return { result: await work(), statements };
  } finally {
    stop();
  }
}

async function lastEvent(accountId: number) {
  const db = await getDb();
  return db.auditEvent.findFirstOrThrow({ where: { accountId }, orderBy: { id: "desc" } });
}

describe("a profile PATCH in one statement", () => {
  it("checks, writes and audits in one statement, with only what changed in the event", async () => {
    const a = await newAccount("Fast");
    const target = await newMember(a, "REGULAR");
    const before = await membership(a, target.userId);
    const { result, statements } = await counted(() =>
      updateProfile(a.owner, target.userId, { title: "Staff Engineer", department: null, gender: "female" }),
    );
    expect(statements).toHaveLength(1);
    expect(result).toMatchObject({ userId: target.userId, title: "Staff Engineer", gender: "female" });
    expect(result.version).toBe((before?.version ?? 0) + 1);
    const event = await lastEvent(a.accountId);
    expect(event).toMatchObject({
      action: "user.update",
      actorKind: "api_key",
      actorUserId: a.owner.userId,
      actorCredentialId: a.owner.credentialId,
      targetType: "user",
      targetId: String(target.userId),
      before: { title: null, gender: "unknown" },
      after: { title: "Staff Engineer", gender: "female" },
    });
    // The sort keys and search text follow (the trigger runs inside the statement).
    await updateProfile(a.owner, target.userId, { lastName: "Ødegård" });
    const row = await membership(a, target.userId);
    expect(row?.sortLastName).toBe("odegard");
    expect(row?.searchText).toContain("staff engineer");
  });

  it("a PATCH of what is there answers in the same one statement, writing nothing", async () => {
    const a = await newAccount("Fast same");
    const target = await newMember(a, "REGULAR");
    await updateProfile(a.owner, target.userId, { title: "Staff Engineer", gender: "female" });
    const before = await membership(a, target.userId);
    const last = await lastEvent(a.accountId);
    const { result, statements } = await counted(() =>
      updateProfile(a.owner, target.userId, { title: "Staff Engineer", gender: "female" }),
    );
    expect(statements).toHaveLength(1);
    expect(result).toMatchObject({ title: "Staff Engineer", gender: "female", version: before?.version });
    expect((await lastEvent(a.accountId)).id).toBe(last.id);
    // Still refused where a change would be: an old version is a 412 on the full path.
    await expectDomainError(
      updateProfile(
        a.owner,
        target.userId,
        { title: "Staff Engineer" },
        { expectedVersion: (before?.version ?? 1) - 1 },
      ),
      "precondition_failed",
    );
  });

  it("a member edits their own profile, a guest too", async () => {
    const a = await newAccount("Fast self");
    const guest = await newMember(a, "GUEST");
    const { statements } = await counted(() => updateProfile(guest.actor, guest.userId, { title: "Visitor" }));
    expect(statements).toHaveLength(1);
    expect((await membership(a, guest.userId))?.title).toBe("Visitor");
  });

  it("every refusal still names itself and changes nothing", async () => {
    const a = await newAccount("Fast refusals");
    const admin = await newMember(a, "ADMIN");
    const regular = await newMember(a, "REGULAR", "regular");
    const colleague = await newMember(a, "REGULAR", "colleague");
    const other = await newAccount("Elsewhere");
    const stranger = await newMember(other, "REGULAR");
    // An ADMIN never edits a SUPER.
    await expectDomainError(updateProfile(admin.actor, a.owner.userId, { title: "x" }), "forbidden");
    // A REGULAR member edits no one else.
    await expectDomainError(updateProfile(regular.actor, colleague.userId, { title: "x" }), "forbidden");
    // Another account's member is not found.
    await expectDomainError(updateProfile(a.owner, stranger.userId, { title: "x" }), "not_found");
    // If-Match names an older version.
    const v = (await membership(a, colleague.userId))?.version ?? 0;
    await expectDomainError(
      updateProfile(a.owner, colleague.userId, { title: "x" }, { expectedVersion: v - 1 }),
      "precondition_failed",
    );
    await updateProfile(a.owner, colleague.userId, { title: "ok" }, { expectedVersion: v });
    // A key revoked, or a role taken away, after the request authenticated.
    const stale = await actorFor(admin.apiKey);
    const db = await getDb();
    await db.membership.update({
      where: { userId_accountId: { userId: admin.userId, accountId: a.accountId } },
      data: { role: "REGULAR" },
    });
    await expectDomainError(updateProfile(stale, colleague.userId, { title: "y" }), "forbidden");
    await db.apiCredential.updateMany({
      where: { membershipId: stale.membershipId },
      data: { revokedAt: new Date() },
    });
    await expectDomainError(updateProfile(stale, colleague.userId, { title: "y" }), "unauthenticated");
    expect((await membership(a, a.owner.userId))?.title).toBeNull();
    expect((await membership(a, colleague.userId))?.title).toBe("ok");
    expect((await membership(other, stranger.userId))?.title).toBeNull();
  });

  it("concurrent PATCHes each count: versions and events add up", async () => {
    const a = await newAccount("Fast race");
    const target = await newMember(a, "REGULAR");
    const v = (await membership(a, target.userId))?.version ?? 0;
    const titles = Array.from({ length: 12 }, (_, i) => `T${i}`);
    await Promise.all(titles.map((title) => updateProfile(a.owner, target.userId, { title })));
    const after = await membership(a, target.userId);
    expect(after?.version).toBe(v + titles.length);
    expect(titles).toContain(after?.title);
    const db = await getDb();
    const events = await db.auditEvent.count({
      where: { accountId: a.accountId, action: "user.update", targetId: String(target.userId) },
    });
    expect(events).toBe(titles.length);
  });

  it.runIf(onPostgres)(
    "one-statement and full-path writes of one member at once neither deadlock nor fail",
    async () => {
      const a = await newAccount("Fast mixed");
      const target = await newMember(a, "REGULAR");
      for (let round = 0; round < 6; round++) {
        const answers = await Promise.allSettled([
          updateProfile(a.owner, target.userId, { title: `t${round}` }),
          updateProfile(a.owner, target.userId, { attributes: { badge: `b${round}` } }),
          updateProfile(a.owner, target.userId, { department: `d${round}` }),
          updateProfile(a.owner, target.userId, { attributes: { desk: `k${round}` } }),
          updateProfile(a.owner, target.userId, { displayName: `n${round}` }),
        ]);
        expect(
          answers.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason)),
        ).toEqual([]);
      }
      const row = await membership(a, target.userId);
      expect(row).toMatchObject({
        title: "t5",
        department: "d5",
        displayName: "n5",
        attributes: { badge: "b5", desk: "k5" },
      });
    },
  );

  it.runIf(onPostgres)(
    "a demotion or a key revoked while the PATCH waits for the account is seen: nothing written",
    async () => {
      const a = await newAccount("Fast stale");
      const admin = await newMember(a, "ADMIN");
      const keyed = await newMember(a, "ADMIN", "keyed");
      const target = await newMember(a, "REGULAR", "target");
      const db = await getDb();
      const waitBehind = async (
        change: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0]) => Promise<unknown>,
        actor: typeof admin.actor,
      ) => {
        let patch: Promise<unknown> | undefined;
        await db.$transaction(async (tx) => {
          // Hold the account as a membership change does; the PATCH's statement starts meanwhile.
          await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${a.accountId} FOR UPDATE`;
          patch = updateProfile(actor, target.userId, { title: "written after the change" }).then(
            () => "saved",
            (e: { code?: string }) => e.code,
          );
          await new Promise((r) => setTimeout(r, 300));
          await change(tx);
        });
        return patch;
      };
      const demoted = await waitBehind(
        (tx) =>
          tx.membership.update({
            where: { userId_accountId: { userId: admin.userId, accountId: a.accountId } },
            data: { role: "REGULAR" },
          }),
        admin.actor,
      );
      expect(demoted).toBe("forbidden");
      const revoked = await waitBehind(
        (tx) =>
          tx.apiCredential.updateMany({
            where: { membershipId: keyed.actor.membershipId },
            data: { revokedAt: new Date() },
          }),
        keyed.actor,
      );
      expect(revoked).toBe("unauthenticated");
      expect((await membership(a, target.userId))?.title).toBeNull();
    },
  );

  it.runIf(onPostgres)("two admins editing each other at the same instant both succeed", async () => {
    const a = await newAccount("Fast cross");
    const x = await newMember(a, "ADMIN", "x");
    const y = await newMember(a, "ADMIN", "y");
    for (let i = 0; i < 8; i++)
      await Promise.all([
        updateProfile(x.actor, y.userId, { title: `by x ${i}` }),
        updateProfile(y.actor, x.userId, { title: `by y ${i}` }),
      ]);
    expect((await membership(a, y.userId))?.title).toBe("by x 7");
    expect((await membership(a, x.userId))?.title).toBe("by y 7");
  });

  it.runIf(onPostgres)(
    "a promotion to SUPER committed while the PATCH waits is seen: an ADMIN is refused",
    async () => {
      const a = await newAccount("Fast lock");
      const admin = await newMember(a, "ADMIN");
      const target = await newMember(a, "ADMIN", "target");
      const db = await getDb();
      let patch: Promise<unknown> | undefined;
      await db.$transaction(async (tx) => {
        // Hold the target's row as a concurrent role change would.
        await tx.$queryRaw`SELECT id FROM "Membership" WHERE "accountId" = ${a.accountId} AND "userId" = ${target.userId} FOR UPDATE`;
        patch = updateProfile(admin.actor, target.userId, { title: "Changed by an admin" }).then(
          () => "saved",
          (e: { code?: string }) => e.code,
        );
        await new Promise((r) => setTimeout(r, 300));
        await tx.membership.update({
          where: { userId_accountId: { userId: target.userId, accountId: a.accountId } },
          data: { role: "SUPER" },
        });
      });
      expect(await patch).toBe("forbidden");
      expect((await membership(a, target.userId))?.title).toBeNull();
    },
  );
});
