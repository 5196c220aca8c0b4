import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { can } from "../permissions";

/**
 * When these members last used this account (signed in to the console or
 * called the API), for a viewer who manages members; null for anyone else,
 * who is not told when colleagues are active. Read in one statement, from
 * this account only. Times arrive in batches, up to a few seconds late.
 */
export async function lastActiveOf(actor: Actor, membershipIds: number[]): Promise<Map<number, Date> | null> {
  const member = requireMember(actor);
  if (!can(member.role, "members.manage")) return null;
  if (membershipIds.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.$queryRaw<{ membershipId: number; lastActiveAt: Date }[]>`
    SELECT a."membershipId", a."lastActiveAt" FROM "MemberActivity" a
    JOIN "Membership" m ON m.id = a."membershipId"
    WHERE m."accountId" = ${member.accountId} AND a."membershipId" = ANY(${membershipIds}::int[])`;
  return new Map(rows.map((r) => [r.membershipId, r.lastActiveAt]));
}

export interface MemberSignals {
  lastActiveAt: Date | null;
  /** Whether the person signs in with a second factor (an authenticator app or a passkey). */
  secondFactor: boolean;
}

/**
 * What a list page shows a manager beside each member: when they were last
 * active and whether they use a second factor. One statement, this account
 * only; null for a viewer who does not manage members.
 */
export async function memberSignals(actor: Actor, membershipIds: number[]): Promise<Map<number, MemberSignals> | null> {
  const member = requireMember(actor);
  if (!can(member.role, "members.manage")) return null;
  if (membershipIds.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.$queryRaw<{ membershipId: number; lastActiveAt: Date | null; secondFactor: boolean }[]>`
    SELECT m.id AS "membershipId", a."lastActiveAt",
           EXISTS (SELECT 1 FROM "SecondFactor" f WHERE f."userId" = m."userId" AND f."confirmedAt" IS NOT NULL)
             AS "secondFactor"
    FROM "Membership" m LEFT JOIN "MemberActivity" a ON a."membershipId" = m.id
    WHERE m."accountId" = ${member.accountId} AND m.id = ANY(${membershipIds}::int[])`;
  return new Map(rows.map((r) => [r.membershipId, { lastActiveAt: r.lastActiveAt, secondFactor: r.secondFactor }]));
}
