// Second factors, sessions as rows, the account's 2-step policy and step-up
// (issue 28), as an attacker tries them: every way past the second factor,
// replays, guessing, another browser, another person, and races.
import { generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import { revealCredential } from "@/lib/domain/credentials/refresh-credential";
import { createScimToken } from "@/lib/domain/credentials/scim-tokens";
import { acceptInvitation } from "@/lib/domain/invitations/accept-invitation";
import { invitationLink } from "@/lib/domain/invitations/manage-invitations";
import { addMember } from "@/lib/domain/members/add-member";
import { memberSignals } from "@/lib/domain/members/last-active";
import { listMembers } from "@/lib/domain/members/list-members";
import { memberActorForSession, personActor } from "@/lib/domain/sign-in/access";
import {
  confirmTotpEnrollment,
  listOwnFactors,
  regenerateRecoveryCodes,
  removeFactor,
  reverify,
  startTotpEnrollment,
} from "@/lib/domain/sign-in/factors";
import { listOwnLoginEvents } from "@/lib/domain/sign-in/history";
import { requireSignInAgain } from "@/lib/domain/sign-in/member-sessions";
import { endOtherSessions, endOwnSession, listOwnSessions } from "@/lib/domain/sign-in/own-sessions";
import { updateSecurityPolicy } from "@/lib/domain/sign-in/policy";
import { endSessionRow, flushSessionsSeen, sessionIsLive } from "@/lib/domain/sign-in/sessions";
import { completeSecondFactor, signInWithPassword } from "@/lib/domain/sign-in/sign-in";
import { inTransaction } from "@/lib/domain/tx";
import { issueEmailToken } from "@/lib/domain/users/email-tokens";
import { completePasswordReset } from "@/lib/domain/users/person-login";
import type { MemberActor } from "@/lib/platform/auth/actor";
import type { SessionClaims } from "@/lib/platform/auth/session-claims";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, membership, newAccount, newMember, uniqueEmail } from "../setup/fixtures";
import { testSession } from "../setup/sessions";

let seq = 0;
const browser = (ua = "Mozilla/5.0 Firefox/130") => {
  seq++;
  return { ip: `198.19.${Math.floor(seq / 250)}.${seq % 250}`, userAgent: ua };
};
const codeAt = (secret: string, offsetSteps = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
const membershipOf = async (acct: Parameters<typeof membership>[0], userId: number) =>
  (await membership(acct, userId)) as NonNullable<Awaited<ReturnType<typeof membership>>>;
const sessionRows = async (userId: number) => (await getDb()).session.count({ where: { userId } });

/** A person with a password and a confirmed authenticator app; answers its secret and recovery codes. */
async function personWithTotp(role: "REGULAR" | "ADMIN" | "SUPER" = "REGULAR") {
  const acct = await newAccount();
  const email = uniqueEmail("mfa");
  const password = "mfa person password";
  const added = await addMember(acct.owner, { email, password, role });
  const claims = await testSession(added.userId);
  const me = personActor(claims, browser());
  const started = await startTotpEnrollment(me, {});
  const confirmed = await confirmTotpEnrollment(me, started.id, { code: codeAt(started.secret, -1) });
  return {
    acct,
    email,
    password,
    userId: added.userId,
    secret: started.secret,
    recoveryCodes: confirmed.recoveryCodes ?? [],
    claims,
    me,
  };
}

describe("the second factor cannot be skipped", () => {
  it("a right password alone mints no session for a person with a factor: it answers a pending sign-in", async () => {
    const p = await personWithTotp();
    const before = await sessionRows(p.userId);
    const r = await signInWithPassword(browser(), { email: p.email, password: p.password });
    expect(r.status).toBe("needs_second_factor");
    expect(r).toMatchObject({ factors: ["totp", "recovery_code"] });
    expect(await sessionRows(p.userId)).toBe(before);
  });

  it("a wrong code in the same request as the password mints nothing; the right one mints a level-2 session", async () => {
    const p = await personWithTotp();
    const b = browser();
    const wrong = codeAt(p.secret) === "000000" ? "111111" : "000000";
    await expectDomainError(
      signInWithPassword(b, { email: p.email, password: p.password, code: wrong }),
      "unauthenticated",
    );
    const r = await signInWithPassword(b, { email: p.email, password: p.password, code: codeAt(p.secret, 1) });
    expect(r.status).toBe("complete");
    const session = (r as { session: SessionClaims & { level: number } }).session;
    expect(session.level).toBe(2);
    const row = await (await getDb()).session.findUniqueOrThrow({ where: { id: session.sid } });
    expect(row.methods).toEqual(["pwd", "otp"]);
  });
});

describe("the mailed-link pages and invitation acceptance", () => {
  it("mint no session for a person with a factor: the sign-in after them asks for the factor", async () => {
    const p = await personWithTotp();
    const before = await sessionRows(p.userId);
    const reset = await inTransaction((tx) =>
      issueEmailToken(tx, { purpose: "reset_password", email: p.email, userId: p.userId }),
    );
    await completePasswordReset(browser(), { token: reset.token, password: "my own password 1" });
    const other = await newAccount("Other");
    const invited = await addMember(other.owner, { email: p.email });
    const link = await invitationLink(other.owner, invited.invitation?.id);
    await acceptInvitation(
      { kind: "public", ...browser() },
      { token: link.split("/").at(-1) as string, password: "my own password 1" },
    );
    expect(await sessionRows(p.userId)).toBe(before);
    const next = await signInWithPassword(browser(), { email: p.email, password: "my own password 1" });
    expect(next.status).toBe("needs_second_factor");
  });
});

describe("authenticator codes", () => {
  it("a code works once: replaying it (or an older step's) is refused", async () => {
    const p = await personWithTotp();
    const b = browser();
    const code = codeAt(p.secret, 1);
    expect((await signInWithPassword(b, { email: p.email, password: p.password, code })).status).toBe("complete");
    await expectDomainError(signInWithPassword(b, { email: p.email, password: p.password, code }), "unauthenticated");
    await expectDomainError(
      signInWithPassword(b, { email: p.email, password: p.password, code: codeAt(p.secret, 0) }),
      "unauthenticated",
    );
  });

  it("two requests racing with one code mint one session", async () => {
    const p = await personWithTotp();
    const code = codeAt(p.secret, 1);
    const tries = await Promise.allSettled(
      [browser(), browser(), browser()].map((b) =>
        signInWithPassword(b, { email: p.email, password: p.password, code }),
      ),
    );
    expect(tries.filter((t) => t.status === "fulfilled")).toHaveLength(1);
  });

  it("guessing codes locks the sign-in like guessing passwords", async () => {
    const p = await personWithTotp();
    const b = browser();
    const r = await signInWithPassword(b, { email: p.email, password: p.password });
    const pending = (r as { pending: string }).pending;
    let locked = false;
    // Each pending sign-in dies after five wrong codes; a guesser starts new ones and hits the lock.
    for (let round = 0; round < 6 && !locked; round++) {
      let again: string | undefined = pending;
      if (round > 0) {
        // Only the lock may refuse the right password here: any other refusal fails the test.
        const next = await signInWithPassword(b, { email: p.email, password: p.password }).catch((e) => {
          if ((e as { code?: string }).code !== "rate_limited") throw e;
          return null;
        });
        if (!next) {
          locked = true;
          break;
        }
        again = (next as { pending: string }).pending;
      }
      for (let i = 0; i < 5; i++) {
        const e = await completeSecondFactor(b, again, { code: String(100000 + round * 10 + i) }).catch((x) => x);
        if (e?.code === "rate_limited") locked = true;
      }
    }
    expect(locked).toBe(true);
  });
});

describe("the pending sign-in", () => {
  it("is single use, from its own browser only, and dies after five wrong codes", async () => {
    const p = await personWithTotp();
    const b = browser();
    const first = (await signInWithPassword(b, { email: p.email, password: p.password })) as { pending: string };
    // Another browser holding the cookie's value gets nothing.
    await expectDomainError(
      completeSecondFactor(browser("curl/8.0"), first.pending, { code: codeAt(p.secret, 1) }),
      "sign_in_expired",
    );
    const ok = await completeSecondFactor(b, first.pending, { code: codeAt(p.secret, 1) });
    expect(ok.level).toBe(2);
    // Replayed after it worked.
    await expectDomainError(
      completeSecondFactor(b, first.pending, { recoveryCode: p.recoveryCodes[0] }),
      "sign_in_expired",
    );

    const second = (await signInWithPassword(b, { email: p.email, password: p.password })) as { pending: string };
    for (let i = 0; i < 5; i++) await completeSecondFactor(b, second.pending, { code: "000001" }).catch(() => null);
    await expectDomainError(
      completeSecondFactor(b, second.pending, { recoveryCode: p.recoveryCodes[1] }),
      "sign_in_expired",
    );
    // The recovery code was not spent by that refusal.
    const third = (await signInWithPassword(b, { email: p.email, password: p.password })) as { pending: string };
    expect((await completeSecondFactor(b, third.pending, { recoveryCode: p.recoveryCodes[1] })).level).toBe(2);
  });
});

describe("recovery codes", () => {
  it("each works once, in any case and with or without the dash; regenerating voids the old set", async () => {
    const p = await personWithTotp();
    expect(p.recoveryCodes).toHaveLength(10);
    const b = browser();
    const code = p.recoveryCodes[2];
    const r1 = await signInWithPassword(b, {
      email: p.email,
      password: p.password,
      recoveryCode: code.toUpperCase().replace("-", ""),
    });
    expect(r1.status).toBe("complete");
    await expectDomainError(
      signInWithPassword(b, { email: p.email, password: p.password, recoveryCode: code }),
      "unauthenticated",
    );
    expect((await listOwnFactors(p.me)).recoveryCodesLeft).toBe(9);
    const fresh = await regenerateRecoveryCodes(p.me);
    await expectDomainError(
      signInWithPassword(b, { email: p.email, password: p.password, recoveryCode: p.recoveryCodes[3] }),
      "unauthenticated",
    );
    expect(
      (await signInWithPassword(b, { email: p.email, password: p.password, recoveryCode: fresh.recoveryCodes[0] }))
        .status,
    ).toBe("complete");
  });

  it("two requests racing with one code mint one session", async () => {
    const p = await personWithTotp();
    const code = p.recoveryCodes[4];
    const tries = await Promise.allSettled(
      [browser(), browser(), browser()].map((b) =>
        signInWithPassword(b, { email: p.email, password: p.password, recoveryCode: code }),
      ),
    );
    expect(tries.filter((t) => t.status === "fulfilled")).toHaveLength(1);
  });
});

describe("factors are the person's own", () => {
  it("removing a factor or regenerating codes needs a verification in the last ten minutes", async () => {
    const p = await personWithTotp();
    const [factor] = (await listOwnFactors(p.me)).factors;
    await (await getDb()).session.update({
      where: { id: p.claims.sid },
      data: { verifiedAt: new Date(Date.now() - 11 * 60_000) },
    });
    await expectDomainError(removeFactor(p.me, factor.id), "reverification_required");
    await expectDomainError(regenerateRecoveryCodes(p.me), "reverification_required");
    await expectDomainError(startTotpEnrollment(p.me, {}), "reverification_required");
    await expectDomainError(reverify(p.me, { code: "000000" }), "forbidden");
    await reverify(p.me, { code: codeAt(p.secret, 1) });
    await removeFactor(p.me, factor.id);
    expect(await listOwnFactors(p.me)).toEqual({ factors: [], recoveryCodesLeft: 0 });
  });

  it("nobody removes another person's factor, not an admin of their account, not through an API key", async () => {
    const p = await personWithTotp();
    const [factor] = (await listOwnFactors(p.me)).factors;
    const admin = await newMember(p.acct, "SUPER");
    const adminMe = personActor(await testSession(admin.userId), browser());
    await expectDomainError(removeFactor(adminMe, factor.id), "not_found");
    await expectDomainError(removeFactor(p.acct.owner, factor.id), "owner_only");
    expect((await listOwnFactors(p.me)).factors).toHaveLength(1);
  });
});

describe("sessions as rows", () => {
  it("a person lists and ends their own sessions, never another's", async () => {
    const p = await personWithTotp();
    const other = await testSession(p.userId);
    const listed = await listOwnSessions(p.me);
    expect(listed.map((s) => s.id)).toEqual(expect.arrayContaining([p.claims.sid, other.sid]));
    expect(listed.find((s) => s.id === p.claims.sid)?.current).toBe(true);
    const stranger = await personWithTotp();
    await expectDomainError(endOwnSession(stranger.me, other.sid), "not_found");
    expect(await sessionIsLive(other)).toBe(true);
    await endOwnSession(p.me, other.sid);
    expect(await sessionIsLive(other)).toBe(false);
    // A request with a session moves its "last seen", written in a batch.
    const before = await (await getDb()).session.findUniqueOrThrow({ where: { id: p.claims.sid } });
    await new Promise((r) => setTimeout(r, 20));
    expect(await sessionIsLive(p.claims)).toBe(true);
    await flushSessionsSeen();
    const after = await (await getDb()).session.findUniqueOrThrow({ where: { id: p.claims.sid } });
    expect(after.lastSeenAt.getTime()).toBeGreaterThan(before.lastSeenAt.getTime());
    const third = await testSession(p.userId);
    expect(await endOtherSessions(p.me)).toEqual({ ended: 1 });
    expect(await sessionIsLive(third)).toBe(false);
    expect(await sessionIsLive(p.claims)).toBe(true);
  });

  it("an admin's 'require sign-in again' ends the member's sessions in that account only", async () => {
    const a = await newAccount("A");
    const b = await newAccount("B");
    const email = uniqueEmail("two-accounts");
    const inA = await addMember(a.owner, { email, password: "pw in a 12345" });
    const claims = await testSession(inA.userId);
    // The same person is also ACTIVE in B (their password opens only A: give them B through a session check directly).
    await (await getDb()).membership.create({
      data: { userId: inA.userId, accountId: b.accountId, role: "REGULAR", status: "ACTIVE" },
    });
    await (await getDb()).user.update({ where: { id: inA.userId }, data: { passwordAccountId: null } });
    expect((await memberActorForSession(claims, a.accountId))?.accountId).toBe(a.accountId);
    await requireSignInAgain(a.owner, inA.userId);
    expect((await memberActorForSession(claims, a.accountId))?.accountId).toBe(b.accountId);
    const later = await testSession(inA.userId);
    expect((await memberActorForSession(later, a.accountId))?.accountId).toBe(a.accountId);
  });
});

describe("the person's own history", () => {
  it("shows their sign-ins (with how), failures, factors and sessions, never the password nor another person's", async () => {
    const p = await personWithTotp();
    const stranger = await personWithTotp();
    await signInWithPassword(browser(), { email: p.email, password: "not it" }).catch(() => null);
    await signInWithPassword(browser(), { email: p.email, password: p.password, code: codeAt(p.secret, 1) });
    const other = await testSession(p.userId);
    await endSessionRow(other.sid, "sign_out");
    await new Promise((r) => setTimeout(r, 50)); // the failure is written after the answer
    const events = await listOwnLoginEvents(p.me);
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["user.sign_in", "user.sign_in_failed", "user.factor_added", "user.session_ended"]),
    );
    expect(
      events.find(
        (e) => e.action === "user.sign_in" && ((e.detail?.methods as string[] | undefined) ?? []).includes("otp"),
      ),
    ).toBeDefined();
    expect(JSON.stringify(events)).not.toContain("not it");
    expect(JSON.stringify(events)).not.toContain(p.password);
    const theirs = await listOwnLoginEvents(stranger.me);
    expect(theirs.every((e) => !JSON.stringify(e).includes(p.email))).toBe(true);
    expect(theirs.map((e) => e.id).some((id) => events.some((x) => x.id === id))).toBe(false);
  });
});

describe("the account's 2-step policy", () => {
  it("applies to a session already open, from its next request; a level-2 session carries on", async () => {
    const acct = await newAccount();
    const regular = await newMember(acct, "REGULAR");
    const admin = await newMember(acct, "ADMIN");
    const regularSession = await testSession(regular.userId);
    const adminSession = await testSession(admin.userId);
    const adminStrong = await testSession(admin.userId, ["pwd", "otp"]);
    const owner = {
      ...(await memberActorForSession(await testSession(acct.owner.userId, ["pwd", "otp"]), acct.accountId)),
    } as MemberActor;
    await updateSecurityPolicy(owner, { mfa: "admins" });
    await expectDomainError(memberActorForSession(adminSession, acct.accountId), "mfa_required");
    expect((await memberActorForSession(regularSession, acct.accountId))?.role).toBe("REGULAR");
    expect((await memberActorForSession(adminStrong, acct.accountId))?.role).toBe("ADMIN");
    // API keys are their own credentials.
    expect(admin.actor.role).toBe("ADMIN");
  });

  it("a write in flight when the policy tightens is refused under the account lock", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct, "ADMIN");
    const weak = (await memberActorForSession(await testSession(admin.userId), acct.accountId)) as MemberActor;
    const owner = (await memberActorForSession(
      await testSession(acct.owner.userId, ["pwd", "otp"]),
      acct.accountId,
    )) as MemberActor;
    await updateSecurityPolicy(owner, { mfa: "everyone" });
    // The actor was resolved before the change; its write re-checks the session under the lock.
    await expectDomainError(requireSignInAgain(weak, acct.owner.userId), "unauthenticated");
  });

  it("only a SUPER loosens it; nobody turns it on from a one-factor session", async () => {
    const acct = await newAccount();
    const adminId = (await newMember(acct, "ADMIN")).userId;
    const adminStrong = (await memberActorForSession(
      await testSession(adminId, ["pwd", "otp"]),
      acct.accountId,
    )) as MemberActor;
    const adminWeak = (await memberActorForSession(await testSession(adminId), acct.accountId)) as MemberActor;
    await expectDomainError(updateSecurityPolicy(adminWeak, { mfa: "admins" }), "mfa_required");
    await updateSecurityPolicy(adminStrong, { mfa: "admins" });
    await expectDomainError(updateSecurityPolicy(adminStrong, { mfa: "off" }), "forbidden");
    const superStrong = (await memberActorForSession(
      await testSession(acct.owner.userId, ["pwd", "otp"]),
      acct.accountId,
    )) as MemberActor;
    expect((await updateSecurityPolicy(superStrong, { mfa: "off" })).mfa).toBe("off");
    await expectDomainError(updateSecurityPolicy(superStrong, { mfa: "sometimes" }), "invalid_input");
  });
});

describe("who has a second factor, for managers", () => {
  it("filters the member list either way and follows an enrolment at once (the list cache too); refused to a REGULAR", async () => {
    const p = await personWithTotp();
    const plain = await newMember(p.acct, "REGULAR");
    const ids = async (secondFactor: boolean) => {
      const page = await listMembers(p.acct.owner, { secondFactor, limit: 100 });
      // The total is cached by the account's list version: it must move with the factors.
      expect(page.total).toBe(page.rows.length);
      return page.rows.map((r) => r.userId);
    };
    expect(await ids(true)).toEqual([p.userId]);
    expect(await ids(false)).toEqual(expect.arrayContaining([plain.userId, p.acct.owner.userId]));
    expect(await ids(false)).not.toContain(p.userId);
    const signals = await memberSignals(p.acct.owner, [(await membershipOf(p.acct, p.userId)).id]);
    expect([...(signals?.values() ?? [])]).toEqual([expect.objectContaining({ secondFactor: true })]);
    // The plain member adds an app: the filtered list follows at once.
    const me = personActor(await testSession(plain.userId), browser());
    const started = await startTotpEnrollment(me, {});
    await confirmTotpEnrollment(me, started.id, { code: codeAt(started.secret) });
    expect((await ids(true)).sort()).toEqual([p.userId, plain.userId].sort());
    await expectDomainError(listMembers(plain.actor, { secondFactor: false }), "forbidden");
    expect(await memberSignals(plain.actor, [1])).toBeNull();
  });
});

describe("step-up for sensitive acts", () => {
  it("revealing another member's key and creating a SCIM token need a recent verification", async () => {
    const acct = await newAccount();
    const other = await newMember(acct, "REGULAR");
    const claims = await testSession(acct.owner.userId);
    const owner = (await memberActorForSession(claims, acct.accountId)) as MemberActor;
    expect((await revealCredential(owner, other.userId)).apiKey).toBe(other.apiKey);
    await (await getDb()).session.update({
      where: { id: claims.sid },
      data: { verifiedAt: new Date(Date.now() - 11 * 60_000) },
    });
    await expectDomainError(revealCredential(owner, other.userId), "reverification_required");
    await expectDomainError(createScimToken(owner, { label: "idp" }), "reverification_required");
    // One's own key needs none; an API key is its own credential.
    expect((await revealCredential(owner, acct.owner.userId)).apiKey).toBe(acct.ownerKey);
    expect((await revealCredential(acct.owner, other.userId)).apiKey).toBe(other.apiKey);
    await reverify(personActor(claims), { password: "wrong" }).catch(() => null);
  });
});
