// The audit log names what its events are about, from this account only.
import { describe, expect, it } from "vitest";
import { changeLines } from "@/components/audit-words";
import { listAuditEvents } from "@/lib/domain/audit/list-events";
import { createGroup } from "@/lib/domain/groups/groups";
import { setMemberGroups } from "@/lib/domain/groups/member-groups";
import { newAccount, newMember } from "./setup/fixtures";

describe("audit events in words", () => {
  it("name the actor, the target and the groups a change lists; another account's names never", async () => {
    const acct = await newAccount();
    const other = await newAccount("Other");
    const m = await newMember(acct, "REGULAR", "worded");
    const eng = await createGroup(acct.owner, { name: "Engineering" });
    const ops = await createGroup(acct.owner, { name: "Operations" });
    const foreign = await createGroup(other.owner, { name: "Secret plans" });
    await setMemberGroups(acct.owner, m.userId, [eng.id]);
    await setMemberGroups(acct.owner, m.userId, [eng.id, ops.id]);
    const { rows } = await listAuditEvents(acct.owner, { action: "member.set_groups" });
    expect(rows).toHaveLength(2);
    const latest = rows[0];
    expect(latest).toMatchObject({ actorName: "Olive Owner", targetName: "worded Tester" });
    expect(changeLines(latest.before, latest.after, { groups: latest.groupNames })).toEqual([
      "Groups: Engineering → Engineering, Operations",
    ]);
    // An id of another account's group (as if an event listed it) stays an id.
    expect(changeLines({ groups: [foreign.id] }, null, { groups: latest.groupNames })).toEqual([
      `Groups: group #${foreign.id}`,
    ]);
    expect(JSON.stringify(rows)).not.toContain("Secret plans");
  });
});

describe("the audit log's action filter", () => {
  it("reads % and _ as themselves, not as wildcards", async () => {
    const acct = await newAccount();
    await createGroup(acct.owner, { name: "Wild" });
    const count = async (action: string) => (await listAuditEvents(acct.owner, { action })).total;
    expect(await count("group.")).toBe(1);
    expect(await count("%")).toBe(0);
    expect(await count("group_")).toBe(0);
    expect(await count("_roup.create")).toBe(0);
    expect(await count("group.create")).toBe(1);
  });
});
