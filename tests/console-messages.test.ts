// Refusals the console shows, taken from the real verbs: each reads as a
// sentence about the person's input or permission, never a schema path, a
// permission code or a validator's notation (the API keeps those).
import { describe, expect, it } from "vitest";
import { forPeople } from "@/lib/console/messages";
import { updateAccount } from "@/lib/domain/accounts/update-account";
import { setSmartcards } from "@/lib/domain/devices/smartcards";
import { addMember } from "@/lib/domain/members/add-member";
import { setMemberRole } from "@/lib/domain/members/change-role";
import { updateProfile } from "@/lib/domain/users/update-profile";
import { isDomainError } from "@/lib/platform/errors";
import { newAccount, newMember, uniqueEmail } from "./setup/fixtures";

async function refusalOf(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!isDomainError(e)) throw new Error(`expected a refusal, got ${String(e)}`);
  return { raw: e.message, shown: forPeople(e) };
}

/** What a person must never read. */
function expectPlain(text: string) {
  expect(text).not.toMatch(/\b\d+\.\w+|\w+\.\w+[A-Z]\w*/); // schema paths: 0.number, settings.inviteTtlDays
  expect(text).not.toMatch(/\((?:members|account|self|scim)\.[a-z_]+\)/); // permission codes
  expect(text).not.toMatch(/[<>]=|expected \w+, received|Too (small|big)|^Invalid /); // validator notation
  expect(text).not.toMatch(/\b(GUEST|REGULAR|DEVELOPER|ADMIN|SUPER)\b/); // role codes
  expect(text).toMatch(/^[A-Z].*[.)]$/); // a sentence
}

describe("console messages", () => {
  it("invalid input names the field as a form labels it, and the rule in words", async () => {
    const acct = await newAccount();
    const ttl = await refusalOf(updateAccount(acct.owner, { settings: { inviteTtlDays: 0 } }));
    expect(ttl.raw).toMatch(/settings\.inviteTtlDays/); // what the API says
    expect(ttl.shown.error).toBe("Invitation lifetime (days) must be at least 1.");
    expectPlain(ttl.shown.error);

    const m = await addMember(acct.owner, { email: uniqueEmail(), firstName: "Card", lastName: "Holder" });
    const card = await refusalOf(setSmartcards(acct.owner, m.userId, [{ number: "12ab" }]));
    expect(card.raw).toMatch(/0\.number/);
    expect(card.shown.error).toBe("Number (row 1) must be 1 to 32 digits.");
    expectPlain(card.shown.error);

    const long = await refusalOf(updateProfile(acct.owner, m.userId, { firstName: "x".repeat(500) }));
    expectPlain(long.shown.error);
    expect(long.shown.error).toMatch(/^First name can have at most \d+ characters\.$/);
    expect(long.shown.details[0].field).toBe("firstName"); // forms still place it
  });

  it("a missing permission says what the person can't do and whom to ask", async () => {
    const acct = await newAccount();
    const regular = await newMember(acct, "REGULAR");
    const other = await newMember(acct, "REGULAR", "other");
    const r = await refusalOf(setMemberRole(regular.actor, other.userId, "GUEST"));
    expect(r.raw).toMatch(/\(members\.manage\)/);
    expect(r.shown.error).toBe(
      "You don't have permission to manage members. As a regular, you can ask an admin of this account.",
    );
    expectPlain(r.shown.error);

    const admin = await newMember(acct, "ADMIN");
    const promote = await refusalOf(setMemberRole(admin.actor, other.userId, "SUPER"));
    expect(promote.shown.error).toMatch(/^You don't have permission to make or unmake super admins\. As an admin/);
    expectPlain(promote.shown.error);
  });
});
