// The console's status and role buttons (available-actions) and the domain
// verbs they call read one transition table; this checks they agree on a real
// database: a button is offered exactly when its verb succeeds and changes the
// member, for every viewer role, target role and status — and that each
// change writes exactly its one event, each refusal none (issue 30).
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/domain/events/catalogue";
import { assignableRoles, availableActions, type MemberVerb } from "@/lib/domain/members/available-actions";
import { demoteMember, promoteGuest, promoteMember, setMemberRole } from "@/lib/domain/members/change-role";
import {
  activateMember,
  approveMember,
  denyMember,
  removeMember,
  toggleSuspension,
} from "@/lib/domain/members/change-status";
import { STATUSES } from "@/lib/domain/members/status";
import { TRANSITIONS, type TransitionName } from "@/lib/domain/members/transitions";
import { ROLES } from "@/lib/domain/permissions";
import type { MembershipStatus, Role } from "@/lib/generated/prisma/enums";
import type { MemberActor } from "@/lib/platform/auth/actor";
import { getDb } from "@/lib/platform/db/client";
import { newAccount, newMember } from "./setup/fixtures";

type Call = (actor: MemberActor, userId: number, current: Role) => Promise<unknown>;

/** Each button and the domain verb the console calls for it. */
const BUTTONS: Partial<Record<MemberVerb, Call>> = {
  activate: (a, id) => activateMember(a, id),
  approve: (a, id) => approveMember(a, id),
  deny: (a, id) => denyMember(a, id),
  toggleSuspension: (a, id) => toggleSuspension(a, id),
  remove: (a, id) => removeMember(a, id),
  promote: (a, id) => promoteMember(a, id),
  demote: (a, id) => demoteMember(a, id),
  promoteGuest: (a, id) => promoteGuest(a, id),
  // The role is picked from assignableRoles: one that differs, or the same on oneself.
  setRole: (a, id, current) =>
    setMemberRole(a, id, a.userId === id ? current : (assignableRoles(a.role).find((r) => r !== current) ?? current)),
};

async function place(accountId: number, userId: number, state: { role: Role; status: MembershipStatus }) {
  const db = await getDb();
  await db.membership.update({ where: { userId_accountId: { userId, accountId } }, data: state });
}

async function stateOf(accountId: number, userId: number) {
  const db = await getDb();
  return db.membership.findUniqueOrThrow({
    where: { userId_accountId: { userId, accountId } },
    select: { role: true, status: true },
  });
}

/** The account's events after `sequence`. */
async function eventsAfter(accountId: number, sequence: number) {
  const db = await getDb();
  return db.event.findMany({ where: { accountId, sequence: { gt: sequence } }, orderBy: { sequence: "asc" } });
}

const lastSequence = async (accountId: number) =>
  (await (await getDb()).account.findUniqueOrThrow({ where: { id: accountId } })).eventSequence;

const wrongEvents: string[] = [];

/** Whether the verb succeeded and changed the member's role or status; checks the events it wrote. */
async function changes(
  button: MemberVerb,
  call: Call,
  actor: MemberActor,
  accountId: number,
  userId: number,
  role: Role,
) {
  const before = await stateOf(accountId, userId);
  const sequence = await lastSequence(accountId);
  const ok = await call(actor, userId, role).then(
    () => true,
    () => false,
  );
  const after = await stateOf(accountId, userId);
  const changed = ok && (after.role !== before.role || after.status !== before.status);
  const written = (await eventsAfter(accountId, sequence)).map((e) => e.type);
  // The event of the row's audit action (the button and its row share a name).
  const expected = changed ? [AUDIT_ACTIONS[TRANSITIONS[button as TransitionName].action].event] : [];
  if (JSON.stringify(written) !== JSON.stringify(expected))
    wrongEvents.push(
      `${actor.role} ${button} on ${before.role}/${before.status} → ${after.role}/${after.status}: wrote [${written}], expected [${expected}]`,
    );
  return changed;
}

describe("available actions and domain verbs", () => {
  it("agree for every viewer role, target role and status", { timeout: 240_000 }, async () => {
    const acct = await newAccount();
    const viewers = [
      acct.owner,
      (await newMember(acct, "ADMIN")).actor,
      (await newMember(acct, "DEVELOPER")).actor,
      (await newMember(acct, "REGULAR")).actor,
    ];
    const target = await newMember(acct, "REGULAR", "target");
    const disagreements: string[] = [];
    for (const viewer of viewers)
      for (const role of ROLES)
        for (const status of STATUSES) {
          const offered = availableActions(viewer, { userId: target.userId, role, status });
          for (const [button, call] of Object.entries(BUTTONS) as [MemberVerb, Call][]) {
            await place(acct.accountId, target.userId, { role, status });
            const changed = await changes(button, call, viewer, acct.accountId, target.userId, role);
            // One button per change: activate is hidden where unsuspend or approve does it.
            const hiddenDuplicate = button === "activate" && (status === "SUSPENDED" || status === "REQUESTED");
            if (offered.has(button) !== (changed && !hiddenDuplicate))
              disagreements.push(
                `${viewer.role} ${button} on ${role}/${status}: offered ${offered.has(button)}, verb changed it ${changed}`,
              );
          }
        }
    expect(disagreements).toEqual([]);
    // Every change wrote exactly its one event; every refusal and no-op none.
    expect(wrongEvents).toEqual([]);
  });

  it("agree on oneself, where demote is offered so the page can say why it is refused", async () => {
    const acct = await newAccount();
    const admin = await newMember(acct, "ADMIN");
    const disagreements: string[] = [];
    for (const viewer of [acct.owner, admin.actor]) {
      const offered = availableActions(viewer, { userId: viewer.userId, role: viewer.role, status: "ACTIVE" });
      for (const [button, call] of Object.entries(BUTTONS) as [MemberVerb, Call][]) {
        await place(acct.accountId, viewer.userId, { role: viewer.role, status: "ACTIVE" });
        const changed = await changes(button, call, viewer, acct.accountId, viewer.userId, viewer.role);
        // setRole to one's own role succeeds without a change; the dropdown is what is offered.
        const expected = button === "demote" ? viewer.role === "ADMIN" : button === "setRole" ? true : changed;
        if (offered.has(button) !== expected)
          disagreements.push(
            `${viewer.role} ${button} on self: offered ${offered.has(button)}, verb changed it ${changed}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
    // setRole to one's own role changed nothing, so it wrote nothing.
    const db = await getDb();
    const roleEvents = await db.auditEvent.count({ where: { accountId: acct.accountId, action: "member.set_role" } });
    expect(roleEvents).toBe(0);
    // The demote button on oneself leads to the domain's refusal, not a change.
    await expect(demoteMember(admin.actor, admin.userId)).rejects.toMatchObject({ code: "cannot_target_self" });
  });
});
