// Attacks on recovery and invitations (issue 27, round two of outside probing):
// each test tries the way in that was found, against the domain on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rememberAccount } from "@/lib/console/session";
import { updateAccount } from "@/lib/domain/accounts/update-account";
import { acceptInvitation } from "@/lib/domain/invitations/accept-invitation";
import { inviteMember } from "@/lib/domain/invitations/invite-member";
import { invitationLink, resendInvitation, revokeInvitation } from "@/lib/domain/invitations/manage-invitations";
import { addMember } from "@/lib/domain/members/add-member";
import { setMemberRole } from "@/lib/domain/members/change-role";
import { activateMember } from "@/lib/domain/members/change-status";
import { memberActorForSession } from "@/lib/domain/sign-in/access";
import { endSessionRow, sessionIsLive } from "@/lib/domain/sign-in/sessions";
import { checkPassword as verifySignIn } from "@/lib/domain/sign-in/sign-in";
import {
  cancelEmailChange,
  changePassword,
  completePasswordReset,
  confirmEmailChange,
  requestEmailChange,
  requestPasswordReset,
  signOutEverywhere,
} from "@/lib/domain/users/person-login";
import type { MemberActor } from "@/lib/platform/auth/actor";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, newAccount, newMember, uniqueEmail } from "../setup/fixtures";
import { type MailCatcher, startMailCatcher, waitFor } from "../setup/mail";
import { testSession } from "../setup/sessions";

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher();
});
afterAll(async () => {
  await mail.close();
});

const db = () => getDb();
const emailOf = async (userId: number) =>
  (await (await db()).user.findUniqueOrThrow({ where: { id: userId } })).email as string;
let ipSeq = 0;
const freshIp = () => `10.27.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

const linkTo = (to: string, path: string) => waitFor(() => mail.linkTo(to, path));
/** A reset link mailed after this call (resets are mailed after the answer, so an older one may be newest now). */
async function resetLink(email: string) {
  const seen = mail.messages.length;
  await requestPasswordReset({ ip: freshIp() }, { email });
  await waitFor(() => {
    if (!mail.messages.slice(seen).some((m) => m.to === email && m.raw.includes("/reset-password/")))
      throw new Error(`no new reset link to ${email}`);
  });
  return mail.linkTo(email, "/reset-password");
}
const mailsTo = (to: string, subject: RegExp) =>
  mail.messages.filter((m) => m.to === to.toLowerCase() && subject.test(m.raw));
const waitForMailTo = (to: string, subject: RegExp) =>
  waitFor(() => {
    if (mailsTo(to, subject).length === 0) throw new Error(`no mail to ${to} matching ${subject}`);
    return mailsTo(to, subject);
  });

/** A person with a password of their own, signed in to the console in their account (two sessions). */
async function victim() {
  const acct = await newAccount();
  const email = uniqueEmail("victim");
  const added = await addMember(acct.owner, { email, password: "admin set this" });
  await completePasswordReset({}, { token: await resetLink(email), password: "victim password 1" });
  const session = async () => {
    const claims = await testSession(added.userId);
    const actor = (await memberActorForSession(claims, acct.accountId)) as MemberActor;
    return { claims, actor: { ...actor, ip: freshIp() } };
  };
  return { acct, email, userId: added.userId, session };
}

describe("recovery retires every pending link", () => {
  it("a reset by the victim kills the email change an attacker asked for (the takeover)", async () => {
    const v = await victim();
    const attacker = await v.session(); // signed in with the password they once knew
    const attackerMailbox = uniqueEmail("attacker");
    await requestEmailChange(attacker.actor, { newEmail: attackerMailbox, currentPassword: "victim password 1" });
    const change = await linkTo(attackerMailbox, "/confirm-email");
    // The victim recovers through a reset link.
    await completePasswordReset({}, { token: await resetLink(v.email), password: "victim password 2" });
    await expectDomainError(confirmEmailChange({}, { token: change }), "link_expired");
    expect(await emailOf(v.userId)).toBe(v.email);
    expect(await verifySignIn(v.email, "victim password 2")).not.toBeNull();
  });

  it("a password change, or signing out everywhere, kills it too", async () => {
    for (const recover of ["change password", "sign out everywhere"] as const) {
      const v = await victim();
      const attacker = await v.session();
      const own = await v.session();
      const attackerMailbox = uniqueEmail("attacker");
      await requestEmailChange(attacker.actor, { newEmail: attackerMailbox, currentPassword: "victim password 1" });
      const change = await linkTo(attackerMailbox, "/confirm-email");
      if (recover === "change password")
        await changePassword(own.actor, { currentPassword: "victim password 1", newPassword: "victim password 3" });
      else await signOutEverywhere(own.actor);
      await expectDomainError(confirmEmailChange({}, { token: change }), "link_expired");
      expect(await emailOf(v.userId), recover).toBe(v.email);
    }
  });

  it("an email change dies with the session that asked for it", async () => {
    const v = await victim();
    const attacker = await v.session();
    const attackerMailbox = uniqueEmail("attacker");
    await requestEmailChange(attacker.actor, { newEmail: attackerMailbox, currentPassword: "victim password 1" });
    const change = await linkTo(attackerMailbox, "/confirm-email");
    await endSessionRow(attacker.claims.sid, "sign_out");
    await expectDomainError(confirmEmailChange({}, { token: change }), "link_expired");
    expect(await emailOf(v.userId)).toBe(v.email);
  });

  it("a reset link asked for before a password change no longer works after it", async () => {
    const v = await victim();
    const reset = await resetLink(v.email);
    const own = await v.session();
    await changePassword(own.actor, { currentPassword: "victim password 1", newPassword: "victim password 4" });
    await expectDomainError(completePasswordReset({}, { token: reset, password: "attacker chose 1" }), "link_expired");
    expect(await verifySignIn(v.email, "victim password 4")).not.toBeNull();
    expect(await verifySignIn(v.email, "attacker chose 1")).toBeNull();
  });

  it("a completed email change retires the reset link mailed to the old address", async () => {
    const v = await victim();
    const reset = await resetLink(v.email);
    const own = await v.session();
    const next = uniqueEmail("moved");
    await requestEmailChange(own.actor, { newEmail: next, currentPassword: "victim password 1" });
    await confirmEmailChange({}, { token: await linkTo(next, "/confirm-email") });
    await expectDomainError(completePasswordReset({}, { token: reset, password: "old inbox pw 1" }), "link_expired");
  });
});

describe("the old address is told", () => {
  it("of a requested change, with a link that stops it and ends every session", async () => {
    const v = await victim();
    const attacker = await v.session();
    const attackerMailbox = uniqueEmail("attacker");
    await requestEmailChange(attacker.actor, { newEmail: attackerMailbox, currentPassword: "victim password 1" });
    const change = await linkTo(attackerMailbox, "/confirm-email");
    const cancel = await linkTo(v.email, "/cancel-email-change");
    expect(mailsTo(v.email, /about to change/).at(-1)?.raw).toContain(attackerMailbox);
    await cancelEmailChange({}, { token: cancel });
    await expectDomainError(confirmEmailChange({}, { token: change }), "link_expired");
    expect(await sessionIsLive(attacker.claims)).toBe(false);
    expect(await emailOf(v.userId)).toBe(v.email);
    await expectDomainError(cancelEmailChange({}, { token: cancel }), "link_expired");
  });

  it("when the change completes, and when the password changes or a reset completes", async () => {
    const v = await victim();
    await waitForMailTo(v.email, /password was reset/);
    const own = await v.session();
    await changePassword(own.actor, { currentPassword: "victim password 1", newPassword: "victim password 5" });
    await waitForMailTo(v.email, /password was changed/);
    const again = await v.session();
    const next = uniqueEmail("moved");
    await requestEmailChange(again.actor, { newEmail: next, currentPassword: "victim password 5" });
    await confirmEmailChange({}, { token: await linkTo(next, "/confirm-email") });
    const [notice] = await waitForMailTo(v.email, /login moved to another address/);
    expect(notice.raw).toContain(next);
    // A notice carries no token: nothing in it acts on the login.
    expect(notice.raw).not.toMatch(/\/(reset-password|confirm-email|cancel-email-change)\/[A-Za-z0-9_-]{20}/);
  });
});

describe("invitations carry only what their handler may grant", () => {
  it("an ADMIN cannot copy, resend or revoke a SUPER's invitation, nor turn on auto-activation", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct, "ADMIN");
    const email = uniqueEmail("future-super");
    const inv = await inviteMember(acct.owner, { email, role: "SUPER" });
    const id = inv.invitation.id;
    await expectDomainError(invitationLink(admin.actor, id), "forbidden");
    await expectDomainError(resendInvitation(admin.actor, id), "forbidden");
    await expectDomainError(revokeInvitation(admin.actor, id), "forbidden");
    await expectDomainError(updateAccount(admin.actor, { settings: { autoActivateOnAccept: true } }), "forbidden");
    // Saving the form with the value unchanged still works for an ADMIN.
    await updateAccount(admin.actor, { name: "Renamed", settings: { autoActivateOnAccept: false } });
    // Their own grants stay theirs: an ADMIN invitation is theirs to copy.
    const regular = await inviteMember(admin.actor, { email: uniqueEmail("reg"), role: "ADMIN" });
    expect(await invitationLink(admin.actor, regular.invitation.id)).toContain(regular.token);
    const stored = await (await db()).invitation.findUniqueOrThrow({ where: { id } });
    expect(stored.status).toBe("PENDING");
  });

  it("a link an admin copied is audited, and its acceptance says so", async () => {
    const acct = await newAccount();
    await updateAccount(acct.owner, { settings: { autoActivateOnAccept: true } });
    const admin = await newMember(acct, "ADMIN");
    const email = uniqueEmail("copied");
    const inv = await inviteMember(admin.actor, { email, role: "DEVELOPER" });
    const url = await invitationLink(admin.actor, inv.invitation.id);
    const token = url.split("/").at(-1) as string;
    const r = await acceptInvitation({ kind: "public" }, { token, password: "follower pw 1" });
    expect(r.active).toBe(true);
    const events = await (await db()).auditEvent.findMany({
      where: { accountId: acct.accountId, action: { in: ["invitation.copy_link", "invitation.accept"] } },
      orderBy: { id: "asc" },
    });
    expect(events.map((e) => e.action)).toEqual(["invitation.copy_link", "invitation.accept"]);
    expect(events[0].actorUserId).toBe(admin.userId);
    expect(events[1].after).toMatchObject({ via: "copied_link", copiedBy: admin.userId });
  });

  it("a resend makes a new link: the copied one stops working and is no longer marked as copied", async () => {
    const acct = await newAccount();
    const inv = await inviteMember(acct.owner, { email: uniqueEmail("resent") });
    const copied = (await invitationLink(acct.owner, inv.invitation.id)).split("/").at(-1) as string;
    await resendInvitation(acct.owner, inv.invitation.id);
    await expectDomainError(
      acceptInvitation({ kind: "public" }, { token: copied, password: "x pw 12345" }),
      "not_found",
    );
    const stored = await (await db()).invitation.findUniqueOrThrow({ where: { id: inv.invitation.id } });
    expect(stored.linkCopiedById).toBeNull();
  });

  it("an invitation dies with its inviter's right to grant the role", async () => {
    const acct = await newAccount();
    const granter = await newMember(acct, "SUPER");
    const inv = await inviteMember(granter.actor, { email: uniqueEmail("orphan"), role: "SUPER" });
    await setMemberRole(acct.owner, granter.userId, "ADMIN");
    await expectDomainError(
      acceptInvitation({ kind: "public" }, { token: inv.token, password: "late accept 1" }),
      "invitation_revoked",
    );
    const m = await (await db()).membership.findFirstOrThrow({
      where: { accountId: acct.accountId, user: { email: inv.invitation.email } },
    });
    expect(m.status).toBe("INVITED");
  });
});

describe("nobody is enlisted without consent", () => {
  it("adding a person who has a login elsewhere invites them: no key, INVITED, and only they can accept", async () => {
    const v = await victim(); // a login of their own in account A
    const b = await newAccount("Enlisting B");
    await updateAccount(b.owner, { settings: { autoActivateOnAccept: true } });
    const seen = mail.messages.length;
    const added = await addMember(b.owner, { email: v.email, firstName: "Taken", role: "ADMIN" });
    expect(added.apiKey).toBeNull();
    expect(added.status).toBe("INVITED");
    expect(added.invitation?.status).toBe("PENDING");
    expect(added.firstName).toBe("Taken"); // B's own profile of them, from the request
    await waitFor(() => {
      if (!mail.messages.slice(seen).some((m) => m.to === v.email && m.raw.includes("/invite/")))
        throw new Error("no invitation mail");
    });
    // B's admin copies the link and follows it, without being the person: refused, nothing accepted.
    const token = (await invitationLink(b.owner, added.invitation?.id)).split("/").at(-1) as string;
    await expectDomainError(acceptInvitation({ kind: "public" }, { token }), "owner_only");
    await expectDomainError(
      acceptInvitation({ kind: "public" }, { token, password: "not the victim's 1" }),
      "owner_only",
    );
    const m = await (await db()).membership.findFirstOrThrow({ where: { accountId: b.accountId, userId: v.userId } });
    expect(m.status).toBe("INVITED");
    // The person accepts as themselves (their password), and only then belongs.
    const r = await acceptInvitation({ kind: "public" }, { token, password: "victim password 1" });
    expect(r.active).toBe(true);
  });

  it("a brand-new address is still added at once, with a key", async () => {
    const acct = await newAccount();
    const added = await addMember(acct.owner, { email: uniqueEmail("brand-new") });
    expect(added.status).toBe("ACTIVE");
    expect(added.apiKey).toMatch(/\./);
  });

  it("a session with no account chosen opens the one the person last chose, never one they were put in", async () => {
    const v = await victim();
    const b = await newAccount("Second");
    const invited = await addMember(b.owner, { email: v.email });
    const token = (await invitationLink(b.owner, invited.invitation?.id)).split("/").at(-1) as string;
    await acceptInvitation({ kind: "public", userId: v.userId }, { token });
    await activateMember(b.owner, v.userId);
    const claims = (await v.session()).claims;
    const opened = async () => (await memberActorForSession(claims, undefined))?.accountId;
    expect(await opened()).toBe(Math.min(v.acct.accountId, b.accountId));
    await rememberAccount(v.userId, b.accountId);
    expect(await opened()).toBe(b.accountId);
    await rememberAccount(v.userId, v.acct.accountId);
    expect(await opened()).toBe(v.acct.accountId);
    // A chosen account still wins.
    expect((await memberActorForSession(claims, b.accountId))?.accountId).toBe(b.accountId);
  });
});
