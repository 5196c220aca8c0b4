import { describe, expect, it } from "vitest";
import { addMember } from "@/lib/domain/members/add-member";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { lastActiveOf } from "@/lib/domain/members/last-active";
import { memberActorForSession } from "@/lib/domain/sign-in/access";
import { parseApiKey } from "@/lib/platform/auth/api-key";
import { authenticateApiKey } from "@/lib/platform/auth/authenticate";
import { flushMemberActivity, noteMemberActive } from "@/lib/platform/auth/member-activity";
import { newAccount, newMember, uniqueEmail } from "./setup/fixtures";
import { testSession } from "./setup/sessions";

const recently = (d: Date | undefined) => d !== undefined && d.getTime() > Date.now() - 60_000;

describe("last active, per account", () => {
  it("an API key's use shows in its own account only, written in a batch", async () => {
    const a = await newAccount("Active A");
    const b = await newAccount("Active B");
    const email = uniqueEmail("both");
    const inA = await addMember(a.owner, { email, firstName: "Bo", lastName: "Both" });
    const inB = await addMember(b.owner, { email, firstName: "Bo", lastName: "Both" });
    expect(inA.userId).toBe(inB.userId);
    await flushMemberActivity();

    await authenticateApiKey(parseApiKey(inA.apiKey ?? "") ?? { keyId: "", secret: "" });
    expect((await lastActiveOf(a.owner, [inA.membershipId]))?.get(inA.membershipId)).toBeUndefined();
    await flushMemberActivity();

    expect(recently((await lastActiveOf(a.owner, [inA.membershipId]))?.get(inA.membershipId))).toBe(true);
    // Account B never learns when the person works in account A.
    expect((await lastActiveOf(b.owner, [inB.membershipId]))?.get(inB.membershipId)).toBeUndefined();
    // Nor can B read A's membership by id.
    expect((await lastActiveOf(b.owner, [inA.membershipId]))?.size).toBe(0);
  });

  it("a console session counts as activity in the account it acts in", async () => {
    const a = await newAccount("Session");
    const m = await newMember(a, "REGULAR");
    const actor = await memberActorForSession(await testSession(m.userId), a.accountId);
    expect(actor?.membershipId).toBeDefined();
    await flushMemberActivity();
    const seen = await lastActiveOf(a.owner, [actor?.membershipId ?? 0]);
    expect(recently(seen?.get(actor?.membershipId ?? 0))).toBe(true);
  });

  it("is shown to those who manage members only", async () => {
    const a = await newAccount("Viewers");
    const regular = await newMember(a, "REGULAR");
    const developer = await newMember(a, "DEVELOPER");
    const admin = await newMember(a, "ADMIN");
    const ids = [a.owner.membershipId];
    expect(await lastActiveOf(regular.actor, ids)).toBeNull();
    expect(await lastActiveOf(developer.actor, ids)).toBeNull();
    expect(await lastActiveOf(admin.actor, ids)).toBeInstanceOf(Map);
  });

  it("a batch naming a deleted membership writes the rest, and an older time never replaces a newer", async () => {
    const a = await newAccount("Gone");
    const stays = await newMember(a, "REGULAR", "stays");
    const goes = await newMember(a, "REGULAR", "goes");
    await flushMemberActivity();
    noteMemberActive(stays.actor.membershipId, Date.now());
    noteMemberActive(goes.actor.membershipId);
    await deleteMember(a.owner, goes.userId);
    await flushMemberActivity();
    const seen = await lastActiveOf(a.owner, [stays.actor.membershipId, goes.actor.membershipId]);
    expect(recently(seen?.get(stays.actor.membershipId))).toBe(true);
    expect(seen?.has(goes.actor.membershipId)).toBe(false);

    const newest = seen?.get(stays.actor.membershipId)?.getTime() ?? 0;
    noteMemberActive(stays.actor.membershipId, newest - 3_600_000);
    await flushMemberActivity();
    const after = await lastActiveOf(a.owner, [stays.actor.membershipId]);
    expect(after?.get(stays.actor.membershipId)?.getTime()).toBe(newest);
  });
});
