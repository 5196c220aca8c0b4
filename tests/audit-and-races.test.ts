// Every mutation writes exactly one audit event in its transaction; parallel
// smartcard writes keep numbers unique; the audit table has no way in from the API.
import { describe, expect, it } from "vitest";
import { updateAccount } from "@/lib/domain/accounts/update-account";
import { refreshCredential } from "@/lib/domain/credentials/refresh-credential";
import { createScimToken, revokeScimToken } from "@/lib/domain/credentials/scim-tokens";
import { setComputerUsernames } from "@/lib/domain/devices/computer-usernames";
import { setSmartcards } from "@/lib/domain/devices/smartcards";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/domain/events/catalogue";
import { addToGroup } from "@/lib/domain/groups/add-to-group";
import { createGroup, deleteGroup, updateGroup } from "@/lib/domain/groups/groups";
import { setMemberGroups, setMemberPolicies } from "@/lib/domain/groups/member-groups";
import { acceptInvitation } from "@/lib/domain/invitations/accept-invitation";
import { inviteMember } from "@/lib/domain/invitations/invite-member";
import { resendInvitation, revokeInvitation } from "@/lib/domain/invitations/manage-invitations";
import { addMember } from "@/lib/domain/members/add-member";
import { demoteMember, promoteGuest, promoteMember, setMemberRole } from "@/lib/domain/members/change-role";
import { activateMember, removeMember, toggleSuspension } from "@/lib/domain/members/change-status";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { importMembers } from "@/lib/domain/members/import-members";
import { requestToJoin } from "@/lib/domain/members/request-to-join";
import { createPolicy, deletePolicy, updatePolicy } from "@/lib/domain/policies/policies";
import { updateProfile } from "@/lib/domain/users/update-profile";
import { getDb } from "@/lib/platform/db/client";
import type { DomainError } from "@/lib/platform/errors";
import { newAccount, newMember, newPerson, uniqueEmail } from "./setup/fixtures";

async function auditCount() {
  return (await getDb()).auditEvent.count();
}

describe("audit", () => {
  it("each mutation writes exactly one event", async () => {
    const acct = await newAccount();
    const a = acct.owner;
    const m = await newMember(acct);
    const g = await newMember(acct, "GUEST");
    let groupId = 0;
    let scimTokenId = 0;
    let policyId = 0;
    const joiner = await newPerson();
    let invitationId = 0;
    let token = "";
    const steps: [string, () => Promise<unknown>, number?][] = [
      ["add", () => addMember(a, { email: uniqueEmail() })],
      [
        "invite",
        async () => {
          const r = await inviteMember(a, { email: uniqueEmail() });
          invitationId = r.invitation.id;
          token = r.token;
        },
        2, // invitation.created, then its member.created
      ],
      [
        "resend",
        async () => {
          const r = await resendInvitation(a, invitationId);
          void r;
        },
      ],
      ["revoke", () => revokeInvitation(a, invitationId)],
      [
        "invite again",
        async () => {
          const r = await inviteMember(a, { email: uniqueEmail() });
          token = r.token;
        },
        2,
      ],
      ["accept", () => acceptInvitation({ kind: "public" }, { token, password: "long enough pw" })],
      ["request to join", () => requestToJoin({ kind: "public", userId: joiner.id }, { accountId: acct.accountId })],
      ["suspend", () => toggleSuspension(a, m.userId)],
      ["activate", () => activateMember(a, m.userId)],
      ["promote", () => promoteMember(a, m.userId)],
      ["demote", () => demoteMember(a, m.userId)],
      ["set role", () => setMemberRole(a, m.userId, "DEVELOPER")],
      ["promote guest", () => promoteGuest(a, g.userId)],
      ["profile", () => updateProfile(a, m.userId, { title: "X" })],
      ["refresh key", () => refreshCredential(a, m.userId)],
      ["smartcards", () => setSmartcards(a, m.userId, [{ number: "1" }])],
      ["usernames", () => setComputerUsernames(a, m.userId, [{ computer_username: "mx" }])],
      [
        "create group",
        async () => {
          groupId = (await createGroup(a, { name: "G" })).id;
        },
      ],
      ["update group", () => updateGroup(a, groupId, { name: "G2" })],
      ["add to group", () => addToGroup(a, groupId, m.userId)],
      // Out of the group "add to group" put it in (the same groups again would change nothing: no event).
      ["member groups", () => setMemberGroups(a, m.userId, [])],
      ["member groups again", () => setMemberGroups(a, m.userId, []), 0], // nothing changed: nothing written
      [
        "create policy",
        async () => {
          policyId = (await createPolicy(a, { name: "P" })).id;
        },
      ],
      ["update policy", () => updatePolicy(a, policyId, { groups: [groupId] })],
      ["member policies", () => setMemberPolicies(a, m.userId, [policyId])],
      ["delete policy", () => deletePolicy(a, policyId)],
      ["delete group", () => deleteGroup(a, groupId)],
      ["settings", () => updateAccount(a, { name: "Renamed" })],
      [
        "import members",
        () =>
          importMembers(a, acct.accountId, [
            { line: 2, fields: { email: uniqueEmail() }, attributes: {} },
            { line: 3, fields: { email: uniqueEmail() }, attributes: {} },
          ]),
        2, // one per member
      ],
      [
        "create SCIM token",
        async () => {
          scimTokenId = (await createScimToken(a, { label: "IdP" })).id;
        },
      ],
      ["revoke SCIM token", () => revokeScimToken(a, scimTokenId)],
      ["remove", () => removeMember(a, m.userId)],
      ["delete", () => deleteMember(a, m.userId)],
    ];
    const db = await getDb();
    for (const [name, run, n = 1] of steps) {
      const before = await auditCount();
      const lastAudit = (await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0;
      await run();
      expect(await auditCount(), name).toBe(before + n);
      // Each audit row of the account's change is its event, of the catalogue's type for the action.
      const rows = await db.auditEvent.findMany({ where: { id: { gt: lastAudit } }, orderBy: { id: "asc" } });
      const events = await db.event.findMany({ where: { auditEventId: { in: rows.map((r) => r.id) } } });
      const accountRows = rows.filter((r) => r.accountId !== null);
      expect(events.map((e) => e.auditEventId).sort(), name).toEqual(accountRows.map((r) => r.id).sort());
      for (const e of events) {
        const row = rows.find((r) => r.id === e.auditEventId);
        expect(e.type, name).toBe(AUDIT_ACTIONS[row?.action as AuditAction].event);
      }
    }
  });

  it("no route handler writes to the audit table except through the domain", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const path = await import("node:path");
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
      );
    const offenders = [...walk("app"), ...walk("lib/api"), ...walk("lib/platform/http")].filter((f) =>
      /auditEvent\.(update|delete|upsert)|"AuditEvent"/.test(readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
    const writers = walk("lib")
      .filter((f) => !f.startsWith("lib/generated"))
      .filter((f) => /auditEvent\.(update|delete|upsert)/.test(readFileSync(f, "utf8")));
    expect(writers).toEqual([]);
  });
});

describe("parallel smartcard writes", () => {
  it("keep a number unique in the account, with one clear winner", async () => {
    const acct = await newAccount();
    const members = await Promise.all([1, 2, 3, 4, 5, 6].map(() => newMember(acct)));
    const results = await Promise.allSettled(
      members.map((m) => setSmartcards(acct.owner, m.userId, [{ number: "424242" }])),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected") expect((r.reason as DomainError).code).toBe("duplicate_smartcard");
    const db = await getDb();
    expect(await db.smartcard.count({ where: { accountId: acct.accountId, number: "424242" } })).toBe(1);
  });
});
