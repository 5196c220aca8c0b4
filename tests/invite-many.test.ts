import { describe, expect, it } from "vitest";
import { inviteMany, pastedEmails } from "@/lib/domain/invitations/invite-many";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, newAccount, newMember, uniqueEmail } from "./setup/fixtures";

describe("inviting several people at once", () => {
  it("reads a pasted list: separators, display names, repeats", () => {
    expect(pastedEmails("a@x.test, b@x.test;c@x.test\n  Dee Lee <d@x.test>\t'e@x.test' A@X.test")).toEqual([
      "a@x.test",
      "b@x.test",
      "c@x.test",
      "d@x.test",
      "e@x.test",
    ]);
  });

  it("invites each address with one role and reports every refusal by address, the others unharmed", async () => {
    const acct = await newAccount();
    const existing = await newMember(acct, "REGULAR");
    const db = await getDb();
    const existingEmail = (await db.user.findUniqueOrThrow({ where: { id: existing.userId } })).email as string;
    const fresh = [uniqueEmail("one"), uniqueEmail("two")];
    const out = await inviteMany(acct.owner, {
      emails: `${fresh[0]}, not-an-email\n${existingEmail}; Two <${fresh[1]}>`,
      role: "DEVELOPER",
    });
    expect(out.map((o) => [o.email, o.ok])).toEqual([
      [fresh[0], true],
      ["not-an-email", false],
      [existingEmail, false],
      [fresh[1], true],
    ]);
    expect(out[1].refusal?.code).toBe("invalid_input");
    expect(out[2].refusal?.code).toBe("already_member");
    const invited = await db.invitation.findMany({ where: { accountId: acct.accountId, email: { in: fresh } } });
    expect(invited.map((i) => i.role)).toEqual(["DEVELOPER", "DEVELOPER"]);
  });

  it("refuses an empty list, too many addresses, a role the admin may not give, and non-admins", async () => {
    const acct = await newAccount();
    await expectDomainError(inviteMany(acct.owner, { emails: " ,; " }), "invalid_input");
    const many = Array.from({ length: 101 }, (_, i) => `p${i}@x.test`).join(",");
    await expectDomainError(inviteMany(acct.owner, { emails: many }), "invalid_input");
    const admin = await newMember(acct, "ADMIN");
    await expectDomainError(inviteMany(admin.actor, { emails: uniqueEmail(), role: "SUPER" }), "forbidden");
    const regular = await newMember(acct, "REGULAR");
    await expectDomainError(inviteMany(regular.actor, { emails: uniqueEmail() }), "forbidden");
    const db = await getDb();
    expect(await db.invitation.count({ where: { accountId: acct.accountId } })).toBe(0);
  });
});
