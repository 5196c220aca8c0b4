// The sign-in and mail limits as an outsider tries them (issue 27): nobody can
// lock someone else out, or use up their mail, from addresses of their own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inviteMember } from "@/lib/domain/invitations/invite-member";
import { resendInvitation } from "@/lib/domain/invitations/manage-invitations";
import { addMember } from "@/lib/domain/members/add-member";
import { checkPassword as verifySignIn } from "@/lib/domain/sign-in/sign-in";
import { completePasswordReset, requestPasswordReset } from "@/lib/domain/users/person-login";
import { slide } from "@/lib/platform/limits/rate-limit";
import { guardedAttempt, signInLocked } from "@/lib/platform/limits/sign-in-guard";
import { expectDomainError, newAccount, uniqueEmail } from "../setup/fixtures";
import { type MailCatcher, startMailCatcher, waitFor } from "../setup/mail";

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher();
});
afterAll(async () => {
  await mail.close();
});

let seq = 0;
/** An address nobody else in this file uses. */
const address = () => {
  seq++;
  return `198.18.${Math.floor(seq / 250)}.${seq % 250}`;
};
const wrong = (email: string, ip: string) => guardedAttempt(email, ip, async () => false);
const right = (email: string, password: string, ip: string) =>
  guardedAttempt(email, ip, async () => (await verifySignIn(email, password)) !== null);

async function person(password = "owner password 1") {
  const acct = await newAccount();
  const email = uniqueEmail("owner");
  await addMember(acct.owner, { email, password });
  return { acct, email, password };
}

describe("the sign-in lock", () => {
  it("locks a stranger's address out of the email, never the owner's right password from elsewhere", async () => {
    const { email, password } = await person();
    const stranger = address();
    for (let i = 0; i < 11; i++) await wrong(email, stranger);
    expect(await signInLocked(email, stranger)).not.toBeNull();
    expect(await right(email, password, stranger)).toHaveProperty("locked");
    expect(await right(email, password, address())).toEqual({ ok: true });
  });

  it("an address already over its limit counts against no other email", async () => {
    const { email, password } = await person();
    const sprayer = address();
    for (let i = 0; i < 60; i++) await wrong(uniqueEmail("spray"), sprayer);
    expect(await signInLocked(uniqueEmail("fresh"), sprayer)).not.toBeNull();
    for (let i = 0; i < 20; i++) expect(await wrong(email, sprayer)).toHaveProperty("locked");
    expect((await slide(`signin:email:${email}`, 900)).count).toBe(0);
    expect(await right(email, password, address())).toEqual({ ok: true });
  });

  it("guesses from many addresses slow the email down to one try a minute per address, never lock it", async () => {
    const { email, password } = await person();
    // 100 failures from 12 addresses, none of them over its own limit.
    const bots = Array.from({ length: 12 }, address);
    for (let i = 0; i < 100; i++) await wrong(email, bots[i % bots.length]);
    const bot = address();
    expect(await wrong(email, bot)).toEqual({ ok: false });
    expect(await wrong(email, bot)).toHaveProperty("locked");
    // The owner, from their own address, still gets their try.
    expect(await right(email, password, address())).toEqual({ ok: true });
  });

  it("counts an IPv6 client by its /64: new addresses of one prefix get no fresh budget", async () => {
    const { email } = await person();
    for (let i = 0; i < 10; i++) await wrong(email, `2001:db8:77:1::${(i + 1).toString(16)}`);
    expect(await signInLocked(email, "2001:db8:77:1:ffff::1")).not.toBeNull();
    expect(await signInLocked(email, "2001:db8:77:2::1")).toBeNull();
  });

  it("a completed reset lifts the lock on the email", async () => {
    const { email } = await person();
    const stranger = address();
    for (let i = 0; i < 10; i++) await wrong(email, stranger);
    expect(await signInLocked(email, stranger)).not.toBeNull();
    const seen = mail.messages.length;
    await requestPasswordReset({ ip: address() }, { email });
    const token = await waitFor(() => {
      if (!mail.messages.slice(seen).some((m) => m.to === email)) throw new Error("no reset mail yet");
      return mail.linkTo(email, "/reset-password");
    });
    await completePasswordReset({}, { token, password: "after the reset 1" });
    expect(await signInLocked(email, stranger)).toBeNull();
  });
});

describe("mail budgets", () => {
  it("a stranger's resets from one address leave the owner's own resets working", async () => {
    const { email } = await person();
    const stranger = address();
    for (let i = 0; i < 5; i++) await requestPasswordReset({ ip: stranger }, { email });
    await expectDomainError(requestPasswordReset({ ip: stranger }, { email }), "rate_limited");
    // Refused before counting: the stranger's further tries do not eat into the total.
    for (let i = 0; i < 10; i++)
      await expectDomainError(requestPasswordReset({ ip: stranger }, { email }), "rate_limited");
    expect((await slide(`mail:email:${email}`, 3600)).count).toBe(5);
    await requestPasswordReset({ ip: address() }, { email });
  });

  it("an admin cannot relay mail through invitations: resends count against the recipient", async () => {
    const acct = await newAccount();
    const target = uniqueEmail("phish-target");
    const inv = await inviteMember(acct.owner, { email: target });
    for (let i = 0; i < 4; i++) await resendInvitation(acct.owner, inv.invitation.id);
    await expectDomainError(resendInvitation(acct.owner, inv.invitation.id), "rate_limited");
    const sent = mail.messages.filter((m) => m.to === target).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(sent).toBeLessThanOrEqual(5);
  });
});
