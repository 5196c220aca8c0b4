// "Select all that match": the members a list's filters match, for a bulk action.
import { describe, expect, it } from "vitest";
import { addMember } from "@/lib/domain/members/add-member";
import { listMatching } from "@/lib/domain/members/list-members";
import { expectDomainError, newAccount, newMember, setStatus, uniqueEmail } from "./setup/fixtures";

describe("listMatching", () => {
  it("answers every match in the list's order with role and status, from this account only", async () => {
    const a = await newAccount("Match A");
    const b = await newAccount("Match B");
    const tag = `zq${Math.random().toString(36).slice(2, 7)}`;
    const ids: number[] = [];
    for (const last of ["Ödegård", "Adams", "Zúñiga"])
      ids.push((await addMember(a.owner, { email: uniqueEmail(tag), firstName: tag, lastName: last })).userId);
    await addMember(b.owner, { email: uniqueEmail(tag), firstName: tag, lastName: "Elsewhere" });
    await setStatus(a, ids[2], "SUSPENDED");

    const all = await listMatching(a.owner, { search: tag, sort: [{ field: "lastName", desc: false }] });
    expect(all.map((m) => m.userId)).toEqual([ids[1], ids[0], ids[2]]);
    expect(all.map((m) => m.status)).toEqual(["ACTIVE", "ACTIVE", "SUSPENDED"]);
    expect(all.every((m) => m.role === "REGULAR")).toBe(true);
    // Paging parameters do not cut it short.
    expect(await listMatching(a.owner, { search: tag, page: 2, limit: 1 })).toHaveLength(3);
    expect(await listMatching(a.owner, { search: tag, status: ["SUSPENDED"] })).toEqual([
      { userId: ids[2], role: "REGULAR", status: "SUSPENDED" },
    ]);
  });

  it("is for those who manage members", async () => {
    const a = await newAccount("Match perms");
    const regular = await newMember(a, "REGULAR");
    const developer = await newMember(a, "DEVELOPER");
    await expectDomainError(listMatching(regular.actor, {}), "forbidden");
    await expectDomainError(listMatching(developer.actor, {}), "forbidden");
  });
});
