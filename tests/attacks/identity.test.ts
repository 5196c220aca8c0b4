// Attacks on identity (issue 12): each test tries a way in that outside probing
// found, against the domain module on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAccount } from "@/lib/domain/accounts/get-account";
import { revealCredential } from "@/lib/domain/credentials/refresh-credential";
import { acceptInvitation } from "@/lib/domain/invitations/accept-invitation";
import { inviteMember } from "@/lib/domain/invitations/invite-member";
import { addMember } from "@/lib/domain/members/add-member";
import { setMemberRole } from "@/lib/domain/members/change-role";
import { activateMember, removeMember } from "@/lib/domain/members/change-status";
import { confirmJoin, requestToJoin } from "@/lib/domain/members/request-to-join";
import { memberActorForSession } from "@/lib/domain/sign-in/access";
import { endSessionRow, sessionIsLive } from "@/lib/domain/sign-in/sessions";
import { checkPassword as verifySignIn } from "@/lib/domain/sign-in/sign-in";
import { getMember } from "@/lib/domain/users/get-user";
import {
  changePassword,
  completePasswordReset,
  requestEmailChange,
  requestPasswordReset,
} from "@/lib/domain/users/person-login";
import { updateProfile } from "@/lib/domain/users/update-profile";
import type { MemberActor } from "@/lib/platform/auth/actor";
import { parseApiKey } from "@/lib/platform/auth/api-key";
import { authenticateApiKey } from "@/lib/platform/auth/authenticate";
import { getDb } from "@/lib/platform/db/client";
import { withIdempotency } from "@/lib/platform/http/idempotency";
import { signInLocked } from "@/lib/platform/limits/sign-in-guard";
import { actorFor, expectDomainError, newAccount, newMember, uniqueEmail } from "../setup/fixtures";
import { type MailCatcher, startMailCatcher } from "../setup/mail";
import { testSession } from "../setup/sessions";

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher();
});
afterAll(async () => {
  await mail.close();
});

const authenticate = (apiKey: string) => authenticateApiKey(parseApiKey(apiKey) ?? { keyId: "x", secret: "y" });
const emailOf = async (userId: number) =>
  (await (await getDb()).user.findUniqueOrThrow({ where: { id: userId } })).email as string;
const sessionFor = (userId: number) => testSession(userId);
const waitForMail = async (to: string, path: string) => {
  for (let i = 0; i < 50; i++) {
    try {
      return mail.linkTo(to, path);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return mail.linkTo(to, path);
};

describe("join requests never set a password", () => {
  it("a stranger naming an API-added ADMIN's email cannot give them a password or take the role", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct, "ADMIN");
    const email = await emailOf(admin.userId);
    const other = await newAccount("Other");
    // The old attack: a password in the join request.
    await expectDomainError(
      requestToJoin({ kind: "public" }, { accountId: other.accountId, email, password: "attacker-pw-1" } as never),
      "invalid_input",
    );
    const r = await requestToJoin({ kind: "public" }, { accountId: other.accountId, email });
    expect(r.status).toBe("CONFIRMATION_SENT");
    const user = await (await getDb()).user.findUniqueOrThrow({ where: { id: admin.userId } });
    expect(user.passwordHash).toBeNull();
    expect(await verifySignIn(email, "attacker-pw-1")).toBeNull();
    // The link went to the victim's mailbox, not to the caller.
    expect(await waitForMail(email, "/join/confirm")).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it("the join link is single use and proves the email: its follower sets the password", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("joiner");
    await requestToJoin({ kind: "public" }, { accountId: acct.accountId, email, firstName: "Jo" });
    const token = await waitForMail(email, "/join/confirm");
    const r = await confirmJoin({}, { token, password: "joiner password" });
    expect(r.status).toBe("REQUESTED");
    await expectDomainError(confirmJoin({}, { token, password: "second try pw" }), "link_expired");
    expect(await verifySignIn(email, "joiner password")).not.toBeNull();
  });

  it("answers the same for a member, a person with a password and an unknown email (no oracle)", async () => {
    const acct = await newAccount();
    const member = await newMember(acct);
    const answers = await Promise.all(
      [await emailOf(member.userId), await emailOf(acct.owner.userId), uniqueEmail("nobody")].map((email) =>
        requestToJoin(
          { kind: "public", ip: `10.9.${Math.floor(Math.random() * 200)}.1` },
          { accountId: acct.accountId, email },
        ),
      ),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  });
});

describe("squatting an email before its owner uses it", () => {
  it("a password another account's admin sets opens only that account", async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const email = uniqueEmail("squat");
    const squatted = await addMember(a.owner, { email, password: "squatter pw 1" });
    await addMember(b.owner, { email, role: "ADMIN" });
    const signedIn = await verifySignIn(email, "squatter pw 1");
    expect(signedIn).not.toBeNull();
    const session = await sessionFor(squatted.userId);
    expect((await memberActorForSession(session, b.accountId))?.accountId).toBe(a.accountId);
    expect(await memberActorForSession(session, b.accountId)).not.toMatchObject({ accountId: b.accountId });
  });

  it("an admin cannot set or change the password of a person who belongs elsewhere too", async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const m = await newMember(a);
    await addMember(b.owner, { email: await emailOf(m.userId), password: "squatter pw 2" });
    expect(await verifySignIn(await emailOf(m.userId), "squatter pw 2")).toBeNull();
    await expectDomainError(updateProfile(b.owner, m.userId, { password: "squatter pw 3" }), "owner_only");
    await expectDomainError(updateProfile(b.owner, m.userId, { email: uniqueEmail("moved") }), "owner_only");
  });
});

describe("member profiles are per account", () => {
  it("adding a person known elsewhere shows nothing from there, and both accounts edit their own", async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const email = uniqueEmail("shared");
    const inA = await addMember(a.owner, { email, firstName: "Ada", title: "Secret title", phoneMobile: "+1 555" });
    const inB = await addMember(b.owner, { email, firstName: "Adaline" });
    expect(inB).toMatchObject({ firstName: "Adaline", title: null, phoneMobile: null });
    const invited = await inviteMember((await newAccount("C")).owner, { email });
    expect(invited.member).toMatchObject({ firstName: null, title: null });
    const edited = await updateProfile(b.owner, inB.userId, { title: "B title" });
    expect(edited.title).toBe("B title");
    expect((await getMember(a.owner, inA.userId)).title).toBe("Secret title");
    expect((await getMember(a.owner, inA.userId)).firstName).toBe("Ada");
  });
});

describe("API keys", () => {
  it("an ADMIN never sees or uses a SUPER's key; every reveal is audited", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct, "ADMIN");
    const regular = await newMember(acct);
    const view = await getAccount(admin.actor);
    const superRow = view.users.find((u) => u.userId === acct.owner.userId);
    expect(superRow?.apiKey).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain(acct.ownerKey.split(".")[1]);
    expect(view.users.find((u) => u.userId === regular.userId)?.apiKey).toBe(regular.apiKey);
    await expectDomainError(revealCredential(admin.actor, acct.owner.userId), "forbidden");
    const events = await (await getDb()).auditEvent.findMany({
      where: { accountId: acct.accountId, action: "credential.reveal", actorUserId: admin.userId },
    });
    expect(events).toHaveLength(1);
    expect((events[0].after as { userIds: number[] }).userIds).toContain(regular.userId);
  });

  it("a removed member activated again gets a new key; the old one never returns", async () => {
    const acct = await newAccount();
    const m = await newMember(acct);
    await removeMember(acct.owner, m.userId);
    await activateMember(acct.owner, m.userId);
    await expectDomainError(authenticate(m.apiKey), "unauthenticated");
    const view = await getAccount(acct.owner);
    const fresh = view.users.find((u) => u.userId === m.userId)?.apiKey;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(m.apiKey);
    expect((await authenticate(fresh as string)).userId).toBe(m.userId);
  });

  it("an API key sets neither its owner's password nor login email", async () => {
    const acct = await newAccount();
    const m = await newMember(acct);
    await expectDomainError(updateProfile(m.actor, m.userId, { password: "key-set pw 1" }), "owner_only");
    await expectDomainError(updateProfile(m.actor, m.userId, { email: uniqueEmail("moved") }), "owner_only");
    await expectDomainError(
      changePassword(m.actor, { currentPassword: "x", newPassword: "key-set pw 2" }),
      "owner_only",
    );
    expect((await updateProfile(m.actor, m.userId, { title: "Own title" })).title).toBe("Own title");
  });

  it("no live secret is stored in clear: a dump of the database does not contain a fresh key", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("dumped");
    const req = new Request("http://localhost/api/v1/account/users", {
      method: "POST",
      headers: { "idempotency-key": `k-${Math.random()}`, "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
    let apiKey = "";
    const res = await withIdempotency(req, acct.owner as MemberActor, async () => {
      const added = await addMember(acct.owner, { email });
      apiKey = added.apiKey ?? "";
      return Response.json({ api_key: added.apiKey }, { status: 201 });
    });
    expect(res.status).toBe(201);
    const secret = apiKey.split(".")[1];
    const db = await getDb();
    const tables = await db.$queryRaw<{ t: string }[]>`
      SELECT quote_ident(table_name) AS t FROM information_schema.tables WHERE table_schema = 'public'`;
    for (const { t } of tables) {
      const hits = await db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ${t} x WHERE x::text LIKE $1`,
        `%${secret}%`,
      );
      expect(hits[0].n, `secret found in ${t}`).toBe(0);
    }
  });
});

describe("sessions", () => {
  it("a password change and a sign-out end sessions at once", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("sess");
    const added = await addMember(acct.owner, { email, password: "first password" });
    const user = await verifySignIn(email, "first password");
    expect(user).not.toBeNull();
    const other = await sessionFor(added.userId);
    const mine = await sessionFor(added.userId);
    const actor = (await memberActorForSession(mine, acct.accountId)) as MemberActor;
    expect(actor.accountId).toBe(acct.accountId);
    await endSessionRow(mine.sid, "sign_out");
    expect(await sessionIsLive(mine)).toBe(false);
    expect(await memberActorForSession(mine, acct.accountId)).toBeNull();
    expect(await sessionIsLive(other)).toBe(true);
    await changePassword(
      { ...actor, via: "session" },
      { currentPassword: "first password", newPassword: "second password" },
    );
    expect(await sessionIsLive(other)).toBe(false);
    expect(await memberActorForSession(other, acct.accountId)).toBeNull();
  });

  it("wrong current passwords count toward the sign-in lockout", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("lock");
    await addMember(acct.owner, { email, password: "right password" });
    const u = await (await getDb()).user.findUniqueOrThrow({ where: { email } });
    const actor = (await memberActorForSession(await sessionFor(u.id), acct.accountId)) as MemberActor;
    const ip = "10.77.0.1";
    for (let i = 0; i < 10; i++) {
      await expectDomainError(
        changePassword({ ...actor, ip }, { currentPassword: `wrong ${i}`, newPassword: "whatever pw" }),
        "forbidden",
      );
    }
    expect(await signInLocked(email, ip)).not.toBeNull();
    await expectDomainError(
      changePassword({ ...actor, ip }, { currentPassword: "right password", newPassword: "whatever pw" }),
      "rate_limited",
    );
  });

  it("forgot password: the mailed link is single use and ends every session", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("forgot");
    const added = await addMember(acct.owner, { email, password: "old password" });
    const before = await sessionFor(added.userId);
    await requestPasswordReset({ ip: "10.1.1.1" }, { email });
    await requestPasswordReset({ ip: "10.1.1.1" }, { email: uniqueEmail("nobody") });
    const token = await waitForMail(email, "/reset-password");
    await completePasswordReset({}, { token, password: "new password" });
    await expectDomainError(completePasswordReset({}, { token, password: "again password" }), "link_expired");
    expect(await verifySignIn(email, "new password")).not.toBeNull();
    expect(await verifySignIn(email, "old password")).toBeNull();
    expect(await sessionIsLive(before)).toBe(false);
    // The owner's own password opens every account now.
    const u = await (await getDb()).user.findUniqueOrThrow({ where: { email } });
    expect(u.passwordAccountId).toBeNull();
  });
});

describe("a password someone else chose", () => {
  it("cannot move the login to another address nor file join requests as the person", async () => {
    const a = await newAccount("A");
    const other = await newAccount("Other");
    const email = uniqueEmail("scoped");
    const added = await addMember(a.owner, { email, password: "admin chose it" });
    const actor = (await memberActorForSession(await sessionFor(added.userId), a.accountId)) as MemberActor;
    await expectDomainError(
      requestEmailChange(actor, { newEmail: uniqueEmail("attacker"), currentPassword: "admin chose it" }),
      "owner_only",
    );
    await expectDomainError(
      requestToJoin({ kind: "public", userId: added.userId }, { accountId: other.accountId }),
      "owner_only",
    );
  });
});

describe("a key an ADMIN has seen", () => {
  it("stops working when its member becomes SUPER: the new SUPER gets a new key", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct, "ADMIN");
    const m = await newMember(acct);
    const seen = (await getAccount(admin.actor)).users.find((u) => u.userId === m.userId)?.apiKey as string;
    expect(seen).toBe(m.apiKey);
    await setMemberRole(acct.owner, m.userId, "SUPER");
    await expectDomainError(authenticate(seen), "unauthenticated");
    expect((await getAccount(admin.actor)).users.find((u) => u.userId === m.userId)?.apiKey).toBeUndefined();
  });
});

describe("the sign-in lockout under parallel guesses", () => {
  it("checks at most the limit's number of passwords, however many guesses arrive at once", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("parallel");
    await addMember(acct.owner, { email, password: "right password" });
    const u = await (await getDb()).user.findUniqueOrThrow({ where: { email } });
    const actor = (await memberActorForSession(await sessionFor(u.id), acct.accountId)) as MemberActor;
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        changePassword(
          { ...actor, ip: "10.88.0.1" },
          { currentPassword: `guess ${i}`, newPassword: "whatever pw" },
        ).then(
          () => "changed",
          (e: { code?: string }) => e.code ?? "error",
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "forbidden").length).toBeLessThanOrEqual(10);
    expect(outcomes.filter((o) => o === "rate_limited").length).toBeGreaterThanOrEqual(15);
  });
});

describe("invitations", () => {
  it("accepting with a copied link cannot change an existing login's password, nor enlist it", async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const email = await emailOf(a.owner.userId);
    const db = await getDb();
    await db.user.update({ where: { email }, data: { passwordHash: null } });
    await completeOwnPassword(email, "owner password");
    const r = await inviteMember(b.owner, { email });
    // Issue 27: a login of one's own joins only as itself; the link's holder learns that much (as the
    // admin who added them did), never the password, and the membership stays INVITED.
    await expectDomainError(
      acceptInvitation({ kind: "public" }, { token: r.token, password: "attacker pw" }),
      "owner_only",
    );
    expect(await verifySignIn(email, "attacker pw")).toBeNull();
    expect(await verifySignIn(email, "owner password")).not.toBeNull();
    const m = await db.membership.findFirstOrThrow({ where: { accountId: b.accountId, user: { email } } });
    expect(m.status).toBe("INVITED");
    expect(m.acceptedAt).toBeNull();
    // A newcomer's acceptance with a chosen password still works at once.
    const fresh = await inviteMember(b.owner, { email: uniqueEmail("fresh") });
    expect((await acceptInvitation({ kind: "public" }, { token: fresh.token, password: "newcomer pw" })).userId).toBe(
      fresh.member.userId,
    );
  });
});

describe("permission under the lock", () => {
  it("no grant by a SUPER commits after that SUPER was demoted", async () => {
    const acct = await newAccount();
    const granter = await newMember(acct, "SUPER");
    const targets = await Promise.all(Array.from({ length: 8 }, () => newMember(acct)));
    const grants = targets.map((t) =>
      setMemberRole(granter.actor, t.userId, "SUPER").then(
        () => "granted",
        (e: { code?: string }) => e.code ?? "error",
      ),
    );
    const demotion = setMemberRole(acct.owner, granter.userId, "REGULAR");
    await Promise.all([...grants, demotion]);
    const db = await getDb();
    const demoted = await db.auditEvent.findFirstOrThrow({
      where: { accountId: acct.accountId, targetId: String(granter.userId), action: { contains: "role" } },
      orderBy: { id: "desc" },
    });
    const late = await db.auditEvent.count({
      where: { accountId: acct.accountId, actorUserId: granter.userId, id: { gt: demoted.id } },
    });
    expect(late).toBe(0);
    // The demoted SUPER's in-flight grants after the demotion were refused, not half-applied.
    for (const t of targets) {
      const m = await db.membership.findFirstOrThrow({ where: { userId: t.userId, accountId: acct.accountId } });
      const event = await db.auditEvent.count({
        where: { accountId: acct.accountId, targetId: String(t.userId), actorUserId: granter.userId },
      });
      expect(m.role === "SUPER").toBe(event === 1);
    }
  });
});

/** Gives a person a password of their own through the reset link, as they would. */
async function completeOwnPassword(email: string, password: string) {
  await requestPasswordReset({ ip: `10.2.${Math.floor(Math.random() * 250)}.1` }, { email });
  const token = await waitForMail(email, "/reset-password");
  await completePasswordReset({}, { token, password });
}

void actorFor;
