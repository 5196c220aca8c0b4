// SPEC §2: every row for each role, allowed and refused.
import { describe, expect, it } from "vitest";
import { getAccount } from "@/lib/domain/accounts/get-account";
import { updateAccount } from "@/lib/domain/accounts/update-account";
import { refreshCredential, revealCredential } from "@/lib/domain/credentials/refresh-credential";
import { inviteMember } from "@/lib/domain/invitations/invite-member";
import { addMember } from "@/lib/domain/members/add-member";
import { demoteMember, promoteMember, setMemberRole } from "@/lib/domain/members/change-role";
import {
  activateMember,
  approveMember,
  denyMember,
  removeMember,
  toggleSuspension,
} from "@/lib/domain/members/change-status";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { listMembers } from "@/lib/domain/members/list-members";
import { getMember } from "@/lib/domain/users/get-user";
import { updateProfile } from "@/lib/domain/users/update-profile";
import type { Role } from "@/lib/generated/prisma/enums";
import { expectDomainError, newAccount, newMember, setStatus, type TestAccount, uniqueEmail } from "./setup/fixtures";

const ROLES: Role[] = ["GUEST", "REGULAR", "DEVELOPER", "ADMIN", "SUPER"];
const managers = (r: Role) => r === "ADMIN" || r === "SUPER";

async function accountWith(role: Role) {
  const acct = await newAccount();
  const me = role === "SUPER" ? { userId: acct.owner.userId, actor: acct.owner } : await newMember(acct, role);
  return { acct, me };
}

describe.each(ROLES)("a %s", (role) => {
  it("reads and updates their own profile", async () => {
    const { me } = await accountWith(role);
    expect((await getMember(me.actor)).userId).toBe(me.userId);
    expect((await updateProfile(me.actor, me.userId, { title: "Engineer" })).title).toBe("Engineer");
  });

  it(`${role === "GUEST" ? "may not" : "may"} read the account and list members`, async () => {
    const { me } = await accountWith(role);
    if (role === "GUEST") {
      await expectDomainError(getAccount(me.actor), "forbidden");
      await expectDomainError(listMembers(me.actor), "forbidden");
    } else {
      expect((await getAccount(me.actor)).users.length).toBeGreaterThan(0);
      expect((await listMembers(me.actor)).total).toBeGreaterThan(0);
    }
  });

  it(`${managers(role) ? "sees" : "never sees"} other members' API keys`, async () => {
    const { acct, me } = await accountWith(role);
    const other = await newMember(acct);
    if (role === "GUEST") return; // cannot read the account at all (above)
    const account = await getAccount(me.actor);
    const row = account.users.find((u) => u.userId === other.userId);
    if (managers(role)) {
      expect(row?.apiKey).toBe(other.apiKey);
      expect((await revealCredential(me.actor, other.userId)).apiKey).toBe(other.apiKey);
    } else {
      expect(account.users.every((u) => u.apiKey === undefined)).toBe(true);
      await expectDomainError(revealCredential(me.actor, other.userId), "forbidden");
    }
  });

  it(`${managers(role) ? "may" : "may not"} add, invite, activate, remove, approve, deny, suspend and delete members`, async () => {
    const { acct, me } = await accountWith(role);
    const t = await newMember(acct);
    const ops: [string, () => Promise<unknown>][] = [
      ["add", () => addMember(me.actor, { email: uniqueEmail() })],
      ["invite", () => inviteMember(me.actor, { email: uniqueEmail() })],
      ["suspend", () => toggleSuspension(me.actor, t.userId)],
      ["activate", () => activateMember(me.actor, t.userId)],
      ["remove", () => removeMember(me.actor, t.userId)],
      [
        "approve",
        async () => {
          await setStatus(acct, t.userId, "REQUESTED");
          return approveMember(me.actor, t.userId);
        },
      ],
      [
        "deny",
        async () => {
          await setStatus(acct, t.userId, "REQUESTED");
          return denyMember(me.actor, t.userId);
        },
      ],
      ["refresh another's key", () => refreshCredential(me.actor, t.userId)],
      ["edit another's profile", () => updateProfile(me.actor, t.userId, { title: "X" })],
      ["delete", () => deleteMember(me.actor, t.userId)],
    ];
    for (const [name, op] of ops) {
      if (managers(role)) await expect(op(), name).resolves.toBeTruthy();
      else await expectDomainError(op(), "forbidden");
    }
  });

  it(`${managers(role) ? "may" : "may not"} promote to and demote from ADMIN`, async () => {
    const { acct, me } = await accountWith(role);
    const t = await newMember(acct);
    if (managers(role)) {
      expect((await promoteMember(me.actor, t.userId)).role).toBe("ADMIN");
      expect((await demoteMember(me.actor, t.userId)).role).toBe("REGULAR");
      expect((await setMemberRole(me.actor, t.userId, "ADMIN")).role).toBe("ADMIN");
    } else {
      await expectDomainError(promoteMember(me.actor, t.userId), "forbidden");
      await expectDomainError(setMemberRole(me.actor, t.userId, "ADMIN"), "forbidden");
    }
  });

  it(`${role === "SUPER" ? "may" : "may not"} grant or revoke SUPER and change the token balance`, async () => {
    const { acct, me } = await accountWith(role);
    const t = await newMember(acct);
    const otherSuper = await newMember(acct, "SUPER");
    if (role === "SUPER") {
      expect((await setMemberRole(me.actor, t.userId, "SUPER")).role).toBe("SUPER");
      expect((await setMemberRole(me.actor, otherSuper.userId, "ADMIN")).role).toBe("ADMIN");
      expect((await updateAccount(me.actor, { tokenBalance: 500 })).tokenBalance).toBe(500);
    } else {
      await expectDomainError(setMemberRole(me.actor, t.userId, "SUPER"), "forbidden");
      await expectDomainError(setMemberRole(me.actor, otherSuper.userId, "ADMIN"), "forbidden");
      await expectDomainError(updateAccount(me.actor, { tokenBalance: 500 }), "forbidden");
    }
  });
});

describe("ADMIN targets stop below SUPER", () => {
  it("an ADMIN cannot suspend, remove, delete, edit or read the key of a SUPER", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct, "ADMIN");
    const superId = acct.owner.userId;
    await expectDomainError(toggleSuspension(admin.actor, superId), "forbidden");
    await expectDomainError(removeMember(admin.actor, superId), "forbidden");
    await expectDomainError(deleteMember(admin.actor, superId), "forbidden");
    await expectDomainError(updateProfile(admin.actor, superId, { title: "pwned" }), "forbidden");
    await expectDomainError(revealCredential(admin.actor, superId), "forbidden");
    await expectDomainError(refreshCredential(admin.actor, superId), "forbidden");
  });
});

describe("tenant isolation", () => {
  it("another account's member is not found, whatever the role", async () => {
    const a = await newAccount();
    const b: TestAccount = await newAccount();
    const stranger = await newMember(b);
    await expectDomainError(getMember(a.owner, stranger.userId), "not_found");
    await expectDomainError(toggleSuspension(a.owner, stranger.userId), "not_found");
    await expectDomainError(deleteMember(a.owner, stranger.userId), "not_found");
    await expectDomainError(updateProfile(a.owner, stranger.userId, { title: "x" }), "not_found");
    await expectDomainError(revealCredential(a.owner, stranger.userId), "not_found");
    const list = await listMembers(a.owner, { limit: 100 });
    expect(list.rows.some((r) => r.userId === stranger.userId)).toBe(false);
  });

  it("an admin cannot change the login email of someone who also belongs elsewhere", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const m = await newMember(a);
    const { getDb } = await import("@/lib/platform/db/client");
    const db = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { id: m.userId } });
    await addMember(b.owner, { email: user.email as string });
    await expectDomainError(updateProfile(b.owner, m.userId, { email: uniqueEmail("takeover") }), "owner_only");
    // custom attributes stay per account and remain editable
    const v = await updateProfile(b.owner, m.userId, { attributes: { floor: 3 } });
    expect(v.attributes).toEqual({ floor: 3 });
    expect((await getMember(a.owner, m.userId)).attributes).toEqual({});
  });
});
