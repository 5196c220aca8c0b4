// The event stream (issue 30): each audited change of an account is an event
// in the same transaction, numbered without gaps; nothing for a change that
// rolls back or is refused; read back from any point, by type, this account's only.
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/domain/audit/record";
import { AUDIT_ACTIONS, EVENT_TYPES, typesMatching } from "@/lib/domain/events/catalogue";
import { listEvents } from "@/lib/domain/events/list-events";
import { pruneEvents } from "@/lib/domain/events/retention";
import { acceptInvitation } from "@/lib/domain/invitations/accept-invitation";
import { expireInvitations } from "@/lib/domain/invitations/expire-invitations";
import { inviteMember } from "@/lib/domain/invitations/invite-member";
import { setMemberRole } from "@/lib/domain/members/change-role";
import { importMembers } from "@/lib/domain/members/import-members";
import { requestToJoin } from "@/lib/domain/members/request-to-join";
import { inAccountTransaction } from "@/lib/domain/tx";
import { updateProfile } from "@/lib/domain/users/update-profile";
import { systemActor } from "@/lib/platform/auth/actor";
import { getDb } from "@/lib/platform/db/client";
import { expectDomainError, newAccount, newMember, type TestAccount, uniqueEmail } from "./setup/fixtures";

const onPostgres = process.env.ROSTER_TEST_DB === "postgres";

async function stream(acct: TestAccount) {
  const db = await getDb();
  return db.event.findMany({ where: { accountId: acct.accountId }, orderBy: { sequence: "asc" } });
}

/** Each event's data has its type's shape, as the OpenAPI document's webhooks section publishes it. */
async function expectShaped(acct: TestAccount) {
  const { data } = await listEvents(acct.owner, { limit: "1000" });
  const misshapen = data.flatMap((e) => {
    const r = EVENT_TYPES[e.type].data.safeParse(e.data);
    return r.success ? [] : [`#${e.sequence} ${e.type}: ${r.error.message}`];
  });
  expect(misshapen).toEqual([]);
  return data;
}

describe("the catalogue", () => {
  it("names an event type of the catalogue for every audit action, and every type has a version and a shape", () => {
    for (const [action, spec] of Object.entries(AUDIT_ACTIONS)) {
      expect(EVENT_TYPES[spec.event], action).toBeDefined();
    }
    const bare = { action: "x", target: { type: "user", id: "1" }, before: null, after: null };
    // The types consumers act on name what they carry: a bare, empty event does not pass for them.
    // Only the sign-in area's events and an API key shown keep the bare shape (before and after as they come).
    const bareShaped = Object.entries(EVENT_TYPES)
      .filter(([, spec]) => spec.data.safeParse(bare).success)
      .map(([type]) => type);
    expect(bareShaped.filter((t) => !t.startsWith("user.") && !t.startsWith("sso.connection_u"))).toEqual([
      "member.sessions_ended",
      "credential.revealed",
      "sso.connection_deleted",
      "webhook.updated",
      "webhook.deleted",
    ]);
    for (const [type, spec] of Object.entries(EVENT_TYPES)) expect(spec.version, type).toBeGreaterThanOrEqual(1);
    expect(typesMatching("member.*,group.created").types).toEqual(
      expect.arrayContaining(["member.created", "member.role_changed", "group.created"]),
    );
    expect(typesMatching("member.*,group.created").types).not.toContain("group.deleted");
    expect(typesMatching("membr.*,nope").unknown).toEqual(["membr.*", "nope"]);
  });
});

describe("the outbox", () => {
  it("writes each change's event with the account's next sequence: created, updated, role changed", async () => {
    const acct = await newAccount();
    const start = (await stream(acct)).length;
    const m = await newMember(acct, "REGULAR");
    await updateProfile(acct.owner, m.userId, { title: "Engineer" }); // the one-statement PATCH
    await setMemberRole(acct.owner, m.userId, "DEVELOPER");
    const events = (await stream(acct)).slice(start);
    expect(events.map((e) => e.type)).toEqual(["member.created", "member.updated", "member.role_changed"]);
    expect(events.map((e) => e.sequence)).toEqual([start + 1, start + 2, start + 3]);
    const db = await getDb();
    const account = await db.account.findUniqueOrThrow({ where: { id: acct.accountId } });
    expect(account.eventSequence).toBe(start + 3);
    await expectShaped(acct);
  });

  it("writes nothing for a change that rolls back after its audit write, nor for a refused one", async () => {
    const acct = await newAccount();
    const before = await stream(acct);
    await expect(
      inAccountTransaction(acct.accountId, async (tx) => {
        await recordAudit(tx, acct.owner, {
          accountId: acct.accountId,
          action: "account.update",
          targetType: "account",
          targetId: acct.accountId,
          after: { name: "Rolled back" },
        });
        throw new Error("the change failed after its audit write");
      }),
    ).rejects.toThrow("after its audit write");
    // A SUPER cannot change their own role: refused, nothing written.
    await expectDomainError(setMemberRole(acct.owner, acct.owner.userId, "REGULAR"), "cannot_target_self");
    expect(await stream(acct)).toEqual(before);
    const db = await getDb();
    expect((await db.account.findUniqueOrThrow({ where: { id: acct.accountId } })).eventSequence).toBe(before.length);
    // The next change takes the next number: no gap where the rolled-back one was.
    await newMember(acct, "GUEST");
    expect((await stream(acct)).map((e) => e.sequence)).toEqual([...before.map((e) => e.sequence), before.length + 1]);
  });

  it("accepting an invitation that activates is both invitation.accepted and member.status_changed; without, only the first", async () => {
    for (const activate of [true, false]) {
      const acct = await newAccount();
      const db = await getDb();
      await db.account.update({ where: { id: acct.accountId }, data: { autoActivateOnAccept: activate } });
      const r = await inviteMember(acct.owner, { email: uniqueEmail() });
      const start = (await stream(acct)).length;
      await acceptInvitation({ kind: "public" }, { token: r.token, password: "correct horse battery" });
      const types = (await stream(acct)).slice(start).map((e) => e.type);
      expect(types).toEqual(activate ? ["member.status_changed", "invitation.accepted"] : ["invitation.accepted"]);
    }
  });

  it("every way a membership begins is one event saying how, naming the member (issue 30: one verb)", async () => {
    const acct = await newAccount();
    const db = await getDb();
    const invited = await inviteMember(acct.owner, { email: uniqueEmail("inv") });
    const added = await newMember(acct, "REGULAR");
    await importMembers(systemActor("test"), acct.accountId, [
      { line: 2, fields: { email: uniqueEmail("imp"), firstName: "Ima" }, attributes: {} },
    ]);
    const joiner = await newMember(await newAccount(), "REGULAR");
    await requestToJoin({ kind: "public", userId: joiner.userId }, { accountId: acct.accountId });
    const rows = await expectShaped(acct);
    const seen = rows.map((v) => [v.type, v.data.how ?? null, v.data.after?.status ?? null]);
    expect(seen).toEqual([
      ["account.created", null, null],
      ["member.created", "owner", "ACTIVE"],
      // An invitation is its own event, then the membership it holds.
      ["invitation.created", null, null],
      ["member.created", "invited", "INVITED"],
      ["member.created", "added", "ACTIVE"],
      ["member.created", "imported", "ACTIVE"],
      ["join_request.created", null, "REQUESTED"],
    ]);
    expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Each names its member and role; the invitation's names the invitation.
    for (const r of rows.slice(2)) expect(r.data.after).toMatchObject({ email: expect.any(String), role: "REGULAR" });
    expect(rows[1].data.after).toMatchObject({ role: "SUPER" });
    const invitation = await db.invitation.findUniqueOrThrow({ where: { id: invited.invitation.id } });
    expect(rows[2].data.target).toEqual({ type: "invitation", id: String(invitation.id) });
    expect(rows[3].data.after).toMatchObject({ invitationId: invitation.id });
    expect(invitation.membershipId).not.toBeNull();
    // The owner and the added member hold a live key; the invited and the requester none.
    const keys = await db.apiCredential.findMany({
      where: { membership: { accountId: acct.accountId }, revokedAt: null },
      select: { membership: { select: { userId: true } } },
    });
    const withKey = new Set(keys.map((k) => k.membership.userId));
    expect(withKey.has(added.userId)).toBe(true);
    expect(withKey.has(invited.member.userId)).toBe(false);
    expect(withKey.has(joiner.userId)).toBe(false);
  });

  it("an identity provider's active flag is the table's row: suspends and lifts, never on oneself, leaves other states", async () => {
    const acct = await newAccount();
    const m = await newMember(acct, "REGULAR");
    const start = (await stream(acct)).length;
    await updateProfile(acct.owner, m.userId, {}, { active: false });
    await updateProfile(acct.owner, m.userId, {}, { active: false }); // already: nothing written
    await updateProfile(acct.owner, m.userId, {}, { active: true });
    const events = (await stream(acct)).slice(start);
    expect(events.map((e) => e.type)).toEqual(["member.status_changed", "member.status_changed"]);
    await expectShaped(acct);
    const invited = await inviteMember(acct.owner, { email: uniqueEmail() });
    await updateProfile(acct.owner, invited.member.userId, {}, { active: true });
    const db = await getDb();
    const still = await db.membership.findFirstOrThrow({
      where: { userId: invited.member.userId, accountId: acct.accountId },
    });
    expect(still.status).toBe("INVITED");
    // On oneself it is refused as the console's suspend is.
    await expectDomainError(updateProfile(acct.owner, acct.owner.userId, {}, { active: false }), "cannot_target_self");
  });

  it("a PATCH or PUT that changes nothing writes nothing: no event, the same version", async () => {
    const acct = await newAccount();
    const m = await newMember(acct, "REGULAR");
    await updateProfile(acct.owner, m.userId, { title: "Engineer", attributes: { team: "blue" } });
    const start = (await stream(acct)).length;
    const db = await getDb();
    const version = async () =>
      (await db.membership.findFirstOrThrow({ where: { userId: m.userId, accountId: acct.accountId } })).version;
    const v = await version();
    await updateProfile(acct.owner, m.userId, { title: "Engineer" }); // the one-statement PATCH
    await updateProfile(acct.owner, m.userId, { title: "Engineer", attributes: { team: "blue" } }); // the full path
    await updateProfile(acct.owner, m.userId, { title: "Engineer" }, { active: true }); // active and already so
    expect((await stream(acct)).slice(start)).toEqual([]);
    expect(await version()).toBe(v);
    await updateProfile(acct.owner, m.userId, { title: "Lead" });
    expect((await stream(acct)).slice(start).map((e) => e.type)).toEqual(["member.updated"]);
  });

  it("an invitation past its expiry is recorded expired once, with its invitation.expired event", async () => {
    const acct = await newAccount();
    const db = await getDb();
    const r = await inviteMember(acct.owner, { email: uniqueEmail() });
    await db.invitation.update({ where: { id: r.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const start = (await stream(acct)).length;
    expect(await expireInvitations()).toBeGreaterThanOrEqual(1);
    expect(await expireInvitations()).toBe(0);
    const added = (await stream(acct)).slice(start);
    expect(added.map((e) => e.type)).toEqual(["invitation.expired"]);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: r.invitation.id } })).status).toBe("EXPIRED");
  });

  it("20 parallel writers in one account get sequences 1…N with no gap and no duplicate", async () => {
    const acct = await newAccount();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => newMember(acct, "REGULAR")));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const events = await stream(acct);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === "member.created").length).toBeGreaterThanOrEqual(20);
    if (onPostgres) expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});

describe("the pull API", () => {
  it("answers events after a sequence, oldest first, by type; ADMIN and above; this account's only", async () => {
    const acct = await newAccount();
    const m = await newMember(acct, "REGULAR");
    await setMemberRole(acct.owner, m.userId, "DEVELOPER");
    await updateProfile(acct.owner, m.userId, { department: "Research" });
    const all = await listEvents(acct.owner, {});
    expect(all.data.map((e) => e.sequence)).toEqual(all.data.map((_, i) => i + 1));
    expect(all.next_after).toBe(all.data.length);
    const created = all.data.find((e) => e.type === "member.created" && e.data.target.id === String(m.userId));
    expect(created).toMatchObject({ version: 1, data: { how: "added", target: { type: "membership" } } });
    const page = await listEvents(acct.owner, { after: "1", limit: "2" });
    expect(page.data.map((e) => e.sequence)).toEqual([2, 3]);
    expect(page.next_after).toBe(3);
    const roles = await listEvents(acct.owner, { types: "member.role_changed" });
    expect(roles.data.map((e) => e.type)).toEqual(["member.role_changed"]);
    expect(roles.data[0].data).toMatchObject({ before: { role: "REGULAR" }, after: { role: "DEVELOPER" } });
    const none = await listEvents(acct.owner, { after: String(all.next_after) });
    expect(none).toEqual({ data: [], next_after: all.next_after });

    const bad = await expectDomainError(listEvents(acct.owner, { types: "member.*,membr.created" }), "invalid_input");
    expect(bad.details.map((d) => d.field)).toEqual(["types"]);
    await expectDomainError(listEvents(acct.owner, { limit: "0" }), "invalid_input");
    await expectDomainError(listEvents(acct.owner, { since: "1" }), "invalid_input");
    await expectDomainError(listEvents(m.actor, {}), "forbidden");
    const other = await newAccount("Other");
    const theirs = await listEvents(other.owner, {});
    expect(theirs.data.some((e) => e.data.target.id === String(m.userId))).toBe(false);
  });

  it("past the retention: pruned, and asking from before the oldest kept is a 410 saying where to resume", async () => {
    const acct = await newAccount();
    await newMember(acct, "REGULAR");
    await newMember(acct, "REGULAR");
    const db = await getDb();
    const events = await stream(acct);
    const old = events.slice(0, -1);
    await db.event.updateMany({
      where: { id: { in: old.map((e) => e.id) } },
      data: { occurredAt: new Date(Date.now() - 40 * 86_400_000) },
    });
    expect(await pruneEvents()).toBeGreaterThanOrEqual(old.length);
    const kept = await stream(acct);
    expect(kept.map((e) => e.sequence)).toEqual([events.length]);
    const gone = await expectDomainError(listEvents(acct.owner, { after: "0" }), "events_pruned");
    expect(gone.message).toContain(`after=${events.length - 1}`);
    expect((await listEvents(acct.owner, { after: String(events.length - 1) })).data).toHaveLength(1);
  });
});
