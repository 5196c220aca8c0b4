import "server-only";
import { Prisma } from "../../generated/prisma/client";
import type { MemberActor } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { newEventId } from "../audit/record";
import { AUDIT_ACTIONS } from "../events/catalogue";
import { type MembershipWithUser, type MemberView, memberView } from "../members/view";
import { can } from "../permissions";
import { actorLiveSql, translateDbError } from "../tx";
import { MEMBER_PROFILE_KEYS } from "./profile";

/** Fields one statement can write: text and gender. The rest (username, terms, login, attributes) take the full path. */
const QUICK_KEYS = new Set<string>(MEMBER_PROFILE_KEYS.filter((k) => k !== "username" && k !== "termsAccepted"));

/** Whether a PATCH of these fields can go through updateProfileInOneStatement. */
export function quickPatchable(fields: Record<string, unknown>): boolean {
  const keys = Object.keys(fields);
  return keys.length > 0 && keys.every((k) => QUICK_KEYS.has(k));
}

const column = (k: string) => Prisma.raw(`"${k}"`);

// The rows that say whether the actor still stands — their membership, their
// person (session version), the key or SCIM token they came with — are
// share-locked: a change committed after this statement began (a demotion,
// a revoked key, a sign-out everywhere), even while it waited for the account
// lock, is then read as it is now, not as the statement's snapshot had it.
const credentialJoin = (actor: MemberActor) =>
  actor.credentialId
    ? Prisma.sql`JOIN "ApiCredential" c ON c.id = ${actor.credentialId} AND c."membershipId" = m.id AND c."revokedAt" IS NULL`
    : actor.scimTokenId
      ? Prisma.sql`JOIN "ScimToken" t ON t.id = ${actor.scimTokenId} AND t."revokedAt" IS NULL`
      : Prisma.empty;
const lockedRows = (actor: MemberActor) => (actor.credentialId ? "m, u, c" : actor.scimTokenId ? "m, u, t" : "m, u");

/**
 * A PATCH of profile fields as ONE statement (the commonest write of every
 * dialect): it checks that the actor still stands as the request arrived
 * (key, session, role), locks the member's row, checks the permission on its
 * current role (self, or an admin on anyone but a SUPER; a SUPER on all) and
 * the If-Match version, updates, and appends the audit event with what
 * changed — all or nothing, without a transaction's round trips. It locks
 * the account's row first, as every membership change does (the same lock
 * order, so no two writers deadlock), then the actor's rows (see above).
 * Answers null when any check does not pass: the caller then takes
 * the full path, which checks again and names the refusal.
 */
export async function updateProfileInOneStatement(
  actor: MemberActor,
  userId: number,
  fields: Record<string, string | null>,
  expectedVersion: number | undefined,
): Promise<MemberView | null> {
  const self = userId === actor.userId;
  if (!self && !can(actor.role, "members.manage")) return null;
  const keys = Object.keys(fields);
  const value = (k: string) =>
    k === "gender" ? Prisma.sql`(${fields[k]}::text)::"Gender"` : Prisma.sql`${fields[k]}::text`;
  const sets = Prisma.join(keys.map((k) => Prisma.sql`${column(k)} = ${value(k)}`));
  // A PATCH that changes nothing writes nothing: no version, no audit row, no event.
  const changes = Prisma.join(
    keys.map((k) => Prisma.sql`old.${column(k)} IS DISTINCT FROM ${value(k)}`),
    " OR ",
  );
  const pairs = (table: string) =>
    Prisma.join(keys.map((k) => Prisma.sql`${k}::text, to_jsonb(${Prisma.raw(`${table}."${k}"`)})`));
  const actorKind = actor.via;
  const db = await getDb();
  try {
    const rows = await db.$queryRaw<(MembershipWithUser & { u: MembershipWithUser["user"] })[]>`
      WITH account AS (
        SELECT id FROM "Account" WHERE id = ${actor.accountId} FOR UPDATE
      ), actor AS (
        SELECT m.id FROM "Membership" m JOIN "User" u ON u.id = m."userId" ${credentialJoin(actor)}
        WHERE m.id = ${actor.membershipId} AND m.status = 'ACTIVE' AND m.role::text = ${actor.role}
          AND ${actorLiveSql(actor)} AND EXISTS (SELECT 1 FROM account)
        FOR SHARE OF ${Prisma.raw(lockedRows(actor))}
      ), old AS (
        SELECT t.* FROM "Membership" t
        WHERE t."accountId" = ${actor.accountId} AND t."userId" = ${userId} AND EXISTS (SELECT 1 FROM actor)
        FOR UPDATE OF t
      ), allowed AS (
        SELECT old.* FROM old
        WHERE (${self} OR old.role <> 'SUPER' OR ${actor.role === "SUPER"})
          AND (${expectedVersion ?? null}::int IS NULL OR old.version = ${expectedVersion ?? null}::int)
      ), upd AS (
        UPDATE "Membership" m SET ${sets}, version = m.version + 1, "updatedAt" = now()
        FROM allowed old
        WHERE m.id = old.id AND (${changes})
        RETURNING m.*, jsonb_build_object(${pairs("old")}) AS b, jsonb_build_object(${pairs("m")}) AS a
      ), audit AS (
        INSERT INTO "AuditEvent" ("accountId", "actorKind", "actorUserId", "actorCredentialId", action,
                                  "targetType", "targetId", before, after, ip, "userAgent")
        SELECT ${actor.accountId}, ${actorKind}, ${actor.userId}, ${actor.credentialId ?? null}::int, 'user.update',
               'user', ${String(userId)},
               (SELECT coalesce(jsonb_object_agg(x.key, x.value), '{}') FROM jsonb_each(upd.b) x
                WHERE x.value IS DISTINCT FROM upd.a -> x.key),
               (SELECT coalesce(jsonb_object_agg(x.key, x.value), '{}') FROM jsonb_each(upd.a) x
                WHERE x.value IS DISTINCT FROM upd.b -> x.key),
               ${actor.ip ?? null}, ${actor.userAgent?.slice(0, 500) ?? null}
        FROM upd
        RETURNING id, "createdAt"
      ), seq AS (
        -- The change's event, in the same statement (recordAudit's outbox write, as SQL).
        UPDATE "Account" SET "eventSequence" = "eventSequence" + 1
        WHERE id = ${actor.accountId} AND EXISTS (SELECT 1 FROM audit)
        RETURNING "eventSequence"
      ), event AS (
        INSERT INTO "Event" (id, "accountId", sequence, "auditEventId", type, "occurredAt")
        SELECT ${newEventId()}, ${actor.accountId}, seq."eventSequence", audit.id,
               ${AUDIT_ACTIONS["user.update"].event}, audit."createdAt"
        FROM audit, seq
      )
      SELECT upd.*, to_jsonb(u) - 'passwordHash' AS u FROM upd JOIN "User" u ON u.id = upd."userId"
      UNION ALL
      -- Allowed, and nothing changes: the record as it is.
      SELECT old.*, NULL::jsonb, NULL::jsonb, to_jsonb(u) - 'passwordHash' FROM allowed old
      JOIN "User" u ON u.id = old."userId"
      WHERE NOT (${changes})`;
    const row = rows[0];
    if (!row) return null;
    const u = row.u as unknown as Record<string, unknown>;
    const user = {
      ...u,
      confirmedAt: u.confirmedAt ? new Date(String(u.confirmedAt)) : null,
    } as MembershipWithUser["user"];
    return memberView({ ...row, user });
  } catch (e) {
    // Should PostgreSQL ever break a deadlock here, the full path takes over.
    if (/deadlock detected|40P01/.test(String((e as Error)?.message))) return null;
    throw translateDbError(e);
  }
}
