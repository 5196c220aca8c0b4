// SPEC §3: every row, the allowed transition and each refused one with its code.
import { describe, expect, it } from "vitest";
import { acceptInvitation } from "@/lib/domain/invitations/accept-invitation";
import { inviteMember } from "@/lib/domain/invitations/invite-member";
import { addMember } from "@/lib/domain/members/add-member";
import { demoteMember, promoteGuest, promoteMember, setMemberRole } from "@/lib/domain/members/change-role";
import {
  activateMember,
  approveMember,
  denyMember,
  removeMember,
  suspendMember,
  toggleSuspension,
} from "@/lib/domain/members/change-status";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { requestToJoin } from "@/lib/domain/members/request-to-join";
import { STATUS_CODES } from "@/lib/domain/members/status";
import { getDb } from "@/lib/platform/db/client";
import {
  expectDomainError,
  membership,
  newAccount,
  newMember,
  newPerson,
  setStatus,
  uniqueEmail,
} from "./setup/fixtures";

describe("add user (000) / create record (003)", () => {
  it("makes an ACTIVE member with a working API key", async () => {
    const acct = await newAccount();
    const m = await addMember(acct.owner, { email: uniqueEmail(), firstName: "Ada", lastName: "Lovelace" });
    expect(m.status).toBe("ACTIVE");
    expect(m.statusCode).toBe(STATUS_CODES.ACTIVE);
    expect(m.role).toBe("REGULAR");
    expect(m.apiKey).toMatch(/^rk_[0-9a-f]{24}\.[A-Za-z0-9_-]{43}$/);
    expect(m.uid).toMatch(/^[0-9a-f]{64}$/);
  });

  it("answers 409 already_member for someone already in the account, in any case of email", async () => {
    const acct = await newAccount();
    const email = uniqueEmail();
    await addMember(acct.owner, { email });
    await expectDomainError(addMember(acct.owner, { email: email.toUpperCase() }), "already_member");
  });

  it("needs no attribute at all (seed 003) and keeps custom attributes per account", async () => {
    const acct = await newAccount();
    const m = await addMember(acct.owner, { attributes: { badge: "A-7" } });
    expect(m.email).toBeNull();
    expect(m.attributes).toEqual({ badge: "A-7" });
  });

  it("names the bad field", async () => {
    const acct = await newAccount();
    const e = await expectDomainError(addMember(acct.owner, { email: "not-an-email" }), "invalid_input");
    expect(e.details[0].field).toBe("email");
    const e2 = await expectDomainError(addMember(acct.owner, { colour: "red" } as never), "invalid_input");
    expect(e2.details[0].field).toBe("colour");
  });
});

describe("invite (000, 002) and accept", () => {
  it("creates the user, an INVITED membership and a pending invitation; 409 when already there", async () => {
    const acct = await newAccount();
    const email = uniqueEmail("invitee");
    const r = await inviteMember(acct.owner, { email, firstName: "Ivy", role: "DEVELOPER" });
    expect(r.member.status).toBe("INVITED");
    expect(r.member.role).toBe("DEVELOPER");
    expect(r.invitation.status).toBe("PENDING");
    await expectDomainError(inviteMember(acct.owner, { email }), "already_invited");
    const active = await newMember(acct);
    const db = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { id: active.userId } });
    await expectDomainError(inviteMember(acct.owner, { email: user.email as string }), "already_member");
  });

  it("accepting keeps INVITED (marked accepted) unless the account auto-activates", async () => {
    const acct = await newAccount();
    const r = await inviteMember(acct.owner, { email: uniqueEmail() });
    const out = await acceptInvitation({ kind: "public" }, { token: r.token, password: "correct horse battery" });
    expect(out.membershipStatus).toBe("INVITED");
    const m = await membership(acct, r.member.userId);
    expect(m?.status).toBe("INVITED");
    expect(m?.acceptedAt).not.toBeNull();
    await expectDomainError(
      acceptInvitation({ kind: "public" }, { token: r.token, password: "correct horse battery" }),
      "invalid_transition",
    );
  });

  it("accepting activates when autoActivateOnAccept is set", async () => {
    const acct = await newAccount();
    const db = await getDb();
    await db.account.update({ where: { id: acct.accountId }, data: { autoActivateOnAccept: true } });
    const r = await inviteMember(acct.owner, { email: uniqueEmail() });
    const out = await acceptInvitation({ kind: "public" }, { token: r.token, password: "correct horse battery" });
    expect(out.membershipStatus).toBe("ACTIVE");
    expect((await membership(acct, r.member.userId))?.status).toBe("ACTIVE");
  });

  it("answers 410 for an expired or revoked invitation", async () => {
    const acct = await newAccount();
    const db = await getDb();
    const expired = await inviteMember(acct.owner, { email: uniqueEmail() });
    await db.invitation.update({
      where: { id: expired.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expectDomainError(
      acceptInvitation({ kind: "public" }, { token: expired.token, password: "long enough pw" }),
      "invitation_expired",
    );
    const revoked = await inviteMember(acct.owner, { email: uniqueEmail() });
    await db.invitation.update({ where: { id: revoked.invitation.id }, data: { status: "REVOKED" } });
    await expectDomainError(
      acceptInvitation({ kind: "public" }, { token: revoked.token, password: "long enough pw" }),
      "invitation_revoked",
    );
  });

  it("will not set a new password on an email that already has one", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const db = await getDb();
    const owner = await db.user.findUniqueOrThrow({ where: { id: a.owner.userId } });
    await db.user.update({
      where: { id: owner.id },
      data: { passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA" },
    });
    const r = await inviteMember(b.owner, { email: owner.email as string });
    // An existing login joins only as itself (issue 27): another password is refused, and the password stays.
    await expectDomainError(
      acceptInvitation({ kind: "public" }, { token: r.token, password: "attacker-chosen" }),
      "owner_only",
    );
    const signedInOwner = await acceptInvitation({ kind: "public", userId: owner.id }, { token: r.token });
    expect(signedInOwner.userId).toBe(owner.id);
    const after = await db.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(after.passwordHash).toBe("$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA");
    expect(after.passwordAccountId).toBeNull();
    const again = await inviteMember(a.owner, { email: uniqueEmail() });
    const signedIn = await acceptInvitation({ kind: "public", userId: again.member.userId }, { token: again.token });
    expect(signedIn.userId).toBe(again.member.userId);
  });
});

describe("request to join, approve (000), deny (000)", () => {
  it("a new person's request waits in REQUESTED (code 5); approve makes it ACTIVE", async () => {
    const acct = await newAccount();
    const person = await newPerson();
    const r = await requestToJoin({ kind: "public", userId: person.id }, { accountId: acct.accountId });
    expect(r.status).toBe("REQUESTED");
    expect(STATUS_CODES.REQUESTED).toBe(5);
    const approved = await approveMember(acct.owner, person.id);
    expect(approved.status).toBe("ACTIVE");
    await expectDomainError(approveMember(acct.owner, person.id), "invalid_transition");
    await expectDomainError(
      requestToJoin({ kind: "public", userId: person.id }, { accountId: acct.accountId }),
      "already_member",
    );
  });

  it("deny makes a request DECLINED and refuses other states", async () => {
    const acct = await newAccount();
    const person = await newPerson();
    await requestToJoin({ kind: "public", userId: person.id }, { accountId: acct.accountId });
    expect((await denyMember(acct.owner, person.id)).status).toBe("DECLINED");
    await expectDomainError(denyMember(acct.owner, person.id), "invalid_transition");
  });
});

describe("activate and remove (000)", () => {
  it.each(["INVITED", "REQUESTED", "SUSPENDED", "DISABLED", "DECLINED"] as const)(
    "activate takes %s to ACTIVE",
    async (from) => {
      const acct = await newAccount();
      const m = await newMember(acct);
      await setStatus(acct, m.userId, from);
      expect((await activateMember(acct.owner, m.userId)).status).toBe("ACTIVE");
    },
  );

  it.each(["ACTIVE", "INVITED", "REQUESTED", "SUSPENDED", "DECLINED"] as const)(
    "remove takes %s to DISABLED",
    async (from) => {
      const acct = await newAccount();
      const m = await newMember(acct);
      await setStatus(acct, m.userId, from);
      expect((await removeMember(acct.owner, m.userId)).status).toBe("DISABLED");
    },
  );

  it("refuses to remove yourself", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct, "ADMIN");
    await expectDomainError(removeMember(admin.actor, admin.userId), "cannot_target_self");
  });
});

describe("togglesuspension (001)", () => {
  it("flips ACTIVE ⇄ SUSPENDED and refuses other states with 409", async () => {
    const acct = await newAccount();
    const m = await newMember(acct);
    expect((await toggleSuspension(acct.owner, m.userId)).status).toBe("SUSPENDED");
    expect((await toggleSuspension(acct.owner, m.userId)).status).toBe("ACTIVE");
    for (const from of ["INVITED", "REQUESTED", "DISABLED", "DECLINED"] as const) {
      await setStatus(acct, m.userId, from);
      await expectDomainError(toggleSuspension(acct.owner, m.userId), "invalid_transition");
    }
  });
});

describe("bulk suspend", () => {
  it("suspends an ACTIVE member, leaves a SUSPENDED one as is without an event, refuses others", async () => {
    const acct = await newAccount();
    const m = await newMember(acct);
    expect((await suspendMember(acct.owner, m.userId)).status).toBe("SUSPENDED");
    const db = await getDb();
    const events = await db.auditEvent.count({ where: { accountId: acct.accountId } });
    expect((await suspendMember(acct.owner, m.userId)).status).toBe("SUSPENDED");
    expect(await db.auditEvent.count({ where: { accountId: acct.accountId } })).toBe(events);
    await setStatus(acct, m.userId, "INVITED");
    await expectDomainError(suspendMember(acct.owner, m.userId), "invalid_transition");
    await expectDomainError(suspendMember(acct.owner, acct.owner.userId), "cannot_target_self");
  });
});

describe("promote and demote (000)", () => {
  it("promotes an ACTIVE member below ADMIN, refuses ADMINs and inactive members", async () => {
    const acct = await newAccount();
    const m = await newMember(acct, "DEVELOPER");
    expect((await promoteMember(acct.owner, m.userId)).role).toBe("ADMIN");
    await expectDomainError(promoteMember(acct.owner, m.userId), "invalid_transition");
    const s = await newMember(acct);
    await setStatus(acct, s.userId, "SUSPENDED");
    await expectDomainError(promoteMember(acct.owner, s.userId), "invalid_transition");
  });

  it("demotes an ACTIVE ADMIN to REGULAR and refuses everyone else", async () => {
    const acct = await newAccount();
    const m = await newMember(acct, "ADMIN");
    expect((await demoteMember(acct.owner, m.userId)).role).toBe("REGULAR");
    await expectDomainError(demoteMember(acct.owner, m.userId), "invalid_transition");
  });
});

describe("modifyrank (001) / updateUserAccountType (002)", () => {
  it("sets any role on an ACTIVE member; refuses inactive ones and unknown roles", async () => {
    const acct = await newAccount();
    const m = await newMember(acct);
    for (const role of ["GUEST", "DEVELOPER", "ADMIN", "SUPER", "REGULAR"] as const) {
      expect((await setMemberRole(acct.owner, m.userId, role)).role).toBe(role);
    }
    const e = await expectDomainError(setMemberRole(acct.owner, m.userId, "OWNER"), "invalid_input");
    expect(e.details[0].field).toBe("role");
    await setStatus(acct, m.userId, "DISABLED");
    await expectDomainError(setMemberRole(acct.owner, m.userId, "ADMIN"), "invalid_transition");
  });
});

describe("promoteguest (001)", () => {
  it("takes GUEST to REGULAR and refuses others", async () => {
    const acct = await newAccount();
    const g = await newMember(acct, "GUEST");
    expect((await promoteGuest(acct.owner, g.userId)).role).toBe("REGULAR");
    await expectDomainError(promoteGuest(acct.owner, g.userId), "invalid_transition");
  });
});

describe("delete from account (001 DELETE /user, 003 DELETE)", () => {
  it("removes the membership, its group places and sole-assigned policies; keeps the user", async () => {
    const acct = await newAccount();
    const m = await newMember(acct);
    const other = await newMember(acct);
    const db = await getDb();
    const mine = await membership(acct, m.userId);
    const theirs = await membership(acct, other.userId);
    const group = await db.group.create({ data: { accountId: acct.accountId, name: "Employees" } });
    await db.groupMember.create({ data: { groupId: group.id, membershipId: mine!.id } });
    const solo = await db.policy.create({
      data: { accountId: acct.accountId, name: "solo", members: { create: { membershipId: mine!.id } } },
    });
    const shared = await db.policy.create({
      data: {
        accountId: acct.accountId,
        name: "shared",
        members: { create: [{ membershipId: mine!.id }, { membershipId: theirs!.id }] },
      },
    });
    const viaGroup = await db.policy.create({
      data: {
        accountId: acct.accountId,
        name: "via-group",
        members: { create: { membershipId: mine!.id } },
        groups: { create: { groupId: group.id } },
      },
    });

    const out = await deleteMember(acct.owner, m.userId);
    expect(out.userId).toBe(m.userId);
    expect(await membership(acct, m.userId)).toBeNull();
    expect(await db.user.findUnique({ where: { id: m.userId } })).not.toBeNull();
    expect(await db.groupMember.count({ where: { groupId: group.id } })).toBe(0);
    expect(await db.policy.findUnique({ where: { id: solo.id } })).toBeNull();
    expect(await db.policy.findUnique({ where: { id: shared.id } })).not.toBeNull();
    expect(await db.policy.findUnique({ where: { id: viaGroup.id } })).not.toBeNull();
    await expectDomainError(deleteMember(acct.owner, m.userId), "not_found");
  });

  it("refuses to delete yourself", async () => {
    const acct = await newAccount();
    await expectDomainError(deleteMember(acct.owner, acct.owner.userId), "cannot_target_self");
  });
});

describe("audit", () => {
  it("records who changed what, with before and after", async () => {
    const acct = await newAccount();
    const m = await newMember(acct);
    await promoteMember(acct.owner, m.userId);
    const db = await getDb();
    const event = await db.auditEvent.findFirstOrThrow({
      where: { accountId: acct.accountId, action: "member.promote" },
    });
    expect(event).toMatchObject({
      actorUserId: acct.owner.userId,
      actorKind: "api_key",
      targetType: "membership",
      targetId: String(m.userId),
      before: { role: "REGULAR" },
      after: { role: "ADMIN" },
    });
  });

  it("a refused operation writes nothing", async () => {
    const acct = await newAccount();
    const db = await getDb();
    const before = await db.auditEvent.count();
    const members = await db.membership.count();
    await expectDomainError(demoteMember(acct.owner, acct.owner.userId), "invalid_transition");
    await expectDomainError(addMember(acct.owner, { email: "bad" }), "invalid_input");
    expect(await db.auditEvent.count()).toBe(before);
    expect(await db.membership.count()).toBe(members);
  });
});
