// The domain reads filters (RFC 7644 grammar) over its own member and group
// fields; a dialect only renames attributes. Checked here on a real database:
// what matches, in which order, and that nothing of another account does.
import { parse } from "scim2-parse-filter";
import { describe, expect, it } from "vitest";
import { createGroup } from "@/lib/domain/groups/groups";
import { selectGroups } from "@/lib/domain/groups/select-groups";
import { addMember } from "@/lib/domain/members/add-member";
import { selectMembers } from "@/lib/domain/members/select-members";
import { expectDomainError, newAccount, newMember, setStatus, uniqueEmail } from "./setup/fixtures";

const page = { descending: false, offset: 0, limit: 50 };

describe("member selection by filter", () => {
  it("matches on the domain's fields, case-insensitively where they are text, this account only", async () => {
    const acct = await newAccount();
    const other = await newAccount();
    const ada = await addMember(acct.owner, { email: uniqueEmail("ada"), username: "Ada.L", lastName: "Lovelace" });
    const bob = await addMember(acct.owner, { email: uniqueEmail("bob"), lastName: "Babbage", title: "Engineer" });
    await addMember(other.owner, { email: uniqueEmail("ada"), username: "ada.l", lastName: "Lovelace" });
    await setStatus(acct, bob.userId, "SUSPENDED");
    const ids = async (filter: string, sort: "id" | "lastName" = "id", descending = false) =>
      (await selectMembers(acct.owner, { ...page, filter: parse(filter), sort, descending })).rows.map((m) => m.userId);

    expect(await ids('userName eq "ADA.L"')).toEqual([ada.userId]);
    expect(await ids('lastName sw "love"')).toEqual([ada.userId]);
    expect(await ids("active eq false")).toEqual([bob.userId]);
    expect(await ids('title co "gine" and not (active eq true)')).toEqual([bob.userId]);
    expect(await ids(`emails[value eq "${ada.email?.toUpperCase()}"]`)).toEqual([ada.userId]);
    expect(await ids(`id eq "${bob.userId}" or id eq "99999999999999"`)).toEqual([bob.userId]);
    // The owner is Olive Owner: by last name, Babbage < Lovelace < Owner.
    expect(await ids("lastName pr", "lastName", true)).toEqual([acct.owner.userId, ada.userId, bob.userId]);
    expect(await ids("lastName pr", "lastName")).toEqual([bob.userId, ada.userId, acct.owner.userId]);
  });

  it("refuses a field it does not have, and a caller who may not list members", async () => {
    const acct = await newAccount();
    const guest = await newMember(acct, "GUEST");
    const e = await expectDomainError(
      selectMembers(acct.owner, { ...page, filter: parse('password eq "x"'), sort: "id" }),
      "invalid_filter",
    );
    expect(e.status).toBe(400);
    await expectDomainError(selectMembers(guest.actor, { ...page, filter: null, sort: "id" }), "forbidden");
  });
});

describe("group selection by filter", () => {
  it("finds groups by name and by member, this account only", async () => {
    const acct = await newAccount();
    const other = await newAccount();
    const m = await newMember(acct, "REGULAR");
    const ops = await createGroup(acct.owner, { name: "Operations", members: [m.userId] });
    const sales = await createGroup(acct.owner, { name: "Sales" });
    await createGroup(other.owner, { name: "Operations" });
    const ids = async (filter: string) =>
      (await selectGroups(acct.owner, { ...page, filter: parse(filter), sort: "name" })).rows.map((g) => g.id);

    expect(await ids('name sw "OPER"')).toEqual([ops.id]);
    expect(await ids(`memberId eq "${m.userId}"`)).toEqual([ops.id]);
    expect(await ids(`members[value eq "${m.userId}"]`)).toEqual([ops.id]);
    expect(await ids(`not (members[value eq "${m.userId}"])`)).toEqual([sales.id]);
    expect(await ids('memberId eq "abc"')).toEqual([]);
  });
});
