// The member page's one Save: every changed part together, or none of them.
import { describe, expect, it } from "vitest";
import { createGroup } from "@/lib/domain/groups/groups";
import { saveMember } from "@/lib/domain/members/save-member";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, membership, newAccount, newMember } from "./setup/fixtures";

async function state(accountId: number, userId: number) {
  const db = await getDb();
  const m = await db.membership.findUniqueOrThrow({
    where: { userId_accountId: { userId, accountId } },
    include: { groups: true, smartcards: true, computerUsernames: true },
  });
  const events = await db.auditEvent.count({ where: { accountId, targetId: String(userId) } });
  return {
    title: m.title,
    groups: m.groups.map((g) => g.groupId),
    cards: m.smartcards.map((c) => c.number),
    usernames: m.computerUsernames.map((u) => u.username),
    events,
  };
}

describe("saving a member's page", () => {
  it("saves every changed part, each with its own audit event", async () => {
    const a = await newAccount("Save all");
    const target = await newMember(a, "REGULAR");
    const g = await createGroup(a.owner, { name: "Engineering" });
    const before = await state(a.accountId, target.userId);
    await saveMember(a.owner, target.userId, {
      profile: { title: "Staff engineer" },
      groups: [g.id],
      smartcards: { cards: [{ number: "12345", label: "Badge" }] },
      computerUsernames: ["jdoe"],
    });
    const after = await state(a.accountId, target.userId);
    expect(after).toMatchObject({ title: "Staff engineer", groups: [g.id], cards: ["12345"], usernames: ["jdoe"] });
    expect(after.events - before.events).toBe(4);
  });

  it("a refused part leaves every other part as it was", async () => {
    const a = await newAccount("Save none");
    const target = await newMember(a, "REGULAR");
    const g = await createGroup(a.owner, { name: "Sales" });
    const before = await state(a.accountId, target.userId);
    // The smartcard number is not digits: the profile and groups before it must not stay saved.
    await expectDomainError(
      saveMember(a.owner, target.userId, {
        profile: { title: "Changed" },
        groups: [g.id],
        smartcards: { cards: [{ number: "not-digits" }] },
      }),
      "invalid_input",
    );
    expect(await state(a.accountId, target.userId)).toEqual(before);

    // A refusal found inside the transaction (a group of another account) undoes the profile too.
    const other = await newAccount("Elsewhere");
    const theirs = await createGroup(other.owner, { name: "Theirs" });
    await expectDomainError(
      saveMember(a.owner, target.userId, { profile: { title: "Changed" }, groups: [theirs.id] }),
      "not_found",
    );
    expect(await state(a.accountId, target.userId)).toEqual(before);
  });

  it("checks each part's permission: a regular member saves nothing of a colleague's", async () => {
    const a = await newAccount("Save perms");
    const regular = await newMember(a, "REGULAR", "regular");
    const target = await newMember(a, "REGULAR", "target");
    await expectDomainError(saveMember(regular.actor, target.userId, { groups: [] }), "forbidden");
    await expectDomainError(saveMember(regular.actor, target.userId, { profile: { title: "x" } }), "forbidden");
    // Their own profile is theirs to edit; their groups are not.
    await expectDomainError(
      saveMember(regular.actor, regular.userId, { profile: { title: "Mine" }, groups: [] }),
      "forbidden",
    );
    expect((await membership(a, regular.userId))?.title).toBeNull();
    await saveMember(regular.actor, regular.userId, { profile: { title: "Mine" } });
    expect((await membership(a, regular.userId))?.title).toBe("Mine");
  });

  it("refuses parts it does not know", async () => {
    const a = await newAccount("Save unknown");
    const target = await newMember(a, "REGULAR");
    await expectDomainError(saveMember(a.owner, target.userId, { role: "SUPER" } as never), "invalid_input");
  });
});
