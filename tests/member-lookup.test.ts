// Finding a member by email (seed 001) for a read: only for callers who may
// see the member list, so "not found" tells a guest nothing. Verbs addressed
// by uid (seed 002) check their permission before looking the uid up.
import { describe, expect, it } from "vitest";
import { setMemberRole } from "@/lib/domain/members/change-role";
import { removeMember } from "@/lib/domain/members/change-status";
import { memberIdByEmail } from "@/lib/domain/members/lookup";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, newAccount, newMember, uniqueEmail } from "./setup/fixtures";

async function emailAndUid(userId: number) {
  const db = await getDb();
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, uid: true } });
}

describe("member lookup by email, and verbs by uid", () => {
  it("finds the account's member for a caller who may list members", async () => {
    const acct = await newAccount();
    const regular = await newMember(acct, "REGULAR");
    const target = await newMember(acct, "DEVELOPER");
    const { email } = await emailAndUid(target.userId);
    expect(await memberIdByEmail(regular.actor, email?.toUpperCase())).toBe(target.userId);
  });

  it("refuses a guest before looking, whether or not the member exists", async () => {
    const acct = await newAccount();
    const guest = await newMember(acct, "GUEST");
    const target = await newMember(acct, "REGULAR");
    const { email } = await emailAndUid(target.userId);
    await expectDomainError(memberIdByEmail(guest.actor, email), "forbidden");
    await expectDomainError(memberIdByEmail(guest.actor, uniqueEmail()), "forbidden");
  });

  it("answers not found for another account's member by email", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const inB = await newMember(b, "REGULAR");
    const { email } = await emailAndUid(inB.userId);
    await expectDomainError(memberIdByEmail(a.owner, email), "not_found");
  });

  it("lets a verb take a uid: permission first, then the account's member only", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const regular = await newMember(a, "REGULAR");
    const mine = await newMember(a, "REGULAR");
    const inB = await newMember(b, "REGULAR");
    const foreign = (await emailAndUid(inB.userId)).uid;
    // A REGULAR may not change roles: refused whether the uid is theirs to see or not.
    await expectDomainError(setMemberRole(regular.actor, { uid: foreign }, "ADMIN"), "forbidden");
    await expectDomainError(removeMember(regular.actor, { uid: "0".repeat(64) }), "forbidden");
    await expectDomainError(setMemberRole(a.owner, { uid: foreign }, "ADMIN"), "not_found");
    const e = await expectDomainError(removeMember(a.owner, { uid: "XYZ" }), "invalid_input");
    expect(e.details[0].field).toBe("uid");
    const changed = await setMemberRole(a.owner, { uid: (await emailAndUid(mine.userId)).uid }, "DEVELOPER");
    expect(changed).toMatchObject({ userId: mine.userId, role: "DEVELOPER" });
  });
});
