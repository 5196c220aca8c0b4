import { describe, expect, it } from "vitest";
import { createGroup } from "@/lib/domain/groups/groups";
import { listGroupSummaries, listPolicySummaries, PREVIEW_SIZE, placesOfMember } from "@/lib/domain/groups/summaries";
import { createPolicy } from "@/lib/domain/policies/policies";
import { expectDomainError, newAccount, newMember } from "./setup/fixtures";

describe("group and policy summaries (console pages)", () => {
  it("count every member but name only the first few, and stay inside the account", async () => {
    const acct = await newAccount();
    const other = await newAccount();
    const members = [];
    for (let i = 0; i < PREVIEW_SIZE + 3; i++) members.push(await newMember(acct));
    const ids = members.map((m) => m.userId);
    const big = await createGroup(acct.owner, { name: "Big", members: ids });
    await createGroup(acct.owner, { name: "Alone", members: [ids[0]] });
    await createGroup(other.owner, { name: "Elsewhere" });
    await createPolicy(acct.owner, { name: "VPN", members: ids.slice(0, 2), groups: [big.id] });

    const groups = await listGroupSummaries(acct.owner);
    expect(groups.map((g) => g.name)).toEqual(["Alone", "Big"]);
    const bigSummary = groups[1];
    expect(bigSummary.memberCount).toBe(ids.length);
    // Members joined in this order, so the preview is the first of them.
    expect(bigSummary.preview).toEqual(ids.slice(0, PREVIEW_SIZE));
    expect(groups[0]).toMatchObject({ memberCount: 1, preview: [ids[0]] });

    const [policy] = await listPolicySummaries(acct.owner);
    expect(policy).toMatchObject({ name: "VPN", memberCount: 2, groups: [big.id] });

    expect(await placesOfMember(acct.owner, ids[0])).toEqual({
      groups: groups.map((g) => g.id).sort((a, b) => a - b),
      policies: [policy.id],
    });
    expect(await placesOfMember(acct.owner, ids[5])).toEqual({ groups: [big.id], policies: [] });
    // Another account's member is not found, not shown.
    await expectDomainError(placesOfMember(other.owner, ids[0]), "not_found");
  });
});
