// Finding a member by email (seed 001) or uid (seed 002) before a verb: only
// for callers who may see the member list, so "not found" tells a guest nothing.
import { describe, expect, it } from "vitest";
import { memberIdByEmail, memberIdByUid } from "@/lib/domain/members/lookup";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, newAccount, newMember, uniqueEmail } from "./setup/fixtures";

async function emailAndUid(userId: number) {
  const db = await getDb();
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, uid: true } });
}

describe("member lookup by email and uid", () => {
  it("finds the account's member for a caller who may list members", async () => {
    const acct = await newAccount();
    const regular = await newMember(acct, "REGULAR");
    const target = await newMember(acct, "DEVELOPER");
    const { email, uid } = await emailAndUid(target.userId);
    expect(await memberIdByEmail(regular.actor, email?.toUpperCase())).toBe(target.userId);
    expect(await memberIdByUid(regular.actor, uid)).toBe(target.userId);
  });

  it("refuses a guest before looking, whether or not the member exists", async () => {
    const acct = await newAccount();
    const guest = await newMember(acct, "GUEST");
    const target = await newMember(acct, "REGULAR");
    const { email, uid } = await emailAndUid(target.userId);
    await expectDomainError(memberIdByEmail(guest.actor, email), "forbidden");
    await expectDomainError(memberIdByEmail(guest.actor, uniqueEmail()), "forbidden");
    await expectDomainError(memberIdByUid(guest.actor, uid), "forbidden");
    await expectDomainError(memberIdByUid(guest.actor, "0".repeat(64)), "forbidden");
  });

  it("answers not found for another account's member and invalid input for a malformed uid", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const inB = await newMember(b, "REGULAR");
    const { email, uid } = await emailAndUid(inB.userId);
    await expectDomainError(memberIdByEmail(a.owner, email), "not_found");
    await expectDomainError(memberIdByUid(a.owner, uid), "not_found");
    const e = await expectDomainError(memberIdByUid(a.owner, "XYZ"), "invalid_input");
    expect(e.details[0].field).toBe("uid");
  });
});
