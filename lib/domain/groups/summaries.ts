import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { assertCan } from "../permissions";

// What the console's Groups, Policies and member pages show: counts and a
// short preview of members, never whole member lists (a group of a 100,000
// member account can hold tens of thousands).

/** How many members a summary names; the rest are counted. */
export const PREVIEW_SIZE = 10;

export interface Summary {
  id: number;
  name: string;
  memberCount: number;
  /** User ids of the first PREVIEW_SIZE members, in the order they joined the account. */
  preview: number[];
}

export interface PolicySummary extends Summary {
  groups: number[];
}

async function listed(actor: Actor) {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  return { accountId: member.accountId, db: await getDb() };
}

/** The account's groups (by name) with member counts and a preview. */
export async function listGroupSummaries(actor: Actor, limit = 100): Promise<Summary[]> {
  const { accountId, db } = await listed(actor);
  return db.$queryRaw<Summary[]>`
    SELECT g.id, g.name,
      (SELECT count(*)::int FROM "GroupMember" gm WHERE gm."groupId" = g.id) AS "memberCount",
      ARRAY(SELECT m."userId" FROM (SELECT "membershipId" FROM "GroupMember" WHERE "groupId" = g.id
                                      ORDER BY "membershipId" LIMIT ${PREVIEW_SIZE}) f
            JOIN "Membership" m ON m.id = f."membershipId" ORDER BY f."membershipId") AS preview
    FROM "Group" g WHERE g."accountId" = ${accountId}
    ORDER BY g.name LIMIT ${limit}`;
}

/** The account's policies (by name) with their groups, direct member counts and a preview. */
export async function listPolicySummaries(actor: Actor, limit = 100): Promise<PolicySummary[]> {
  const { accountId, db } = await listed(actor);
  return db.$queryRaw<PolicySummary[]>`
    SELECT p.id, p.name,
      (SELECT count(*)::int FROM "PolicyMember" pm WHERE pm."policyId" = p.id) AS "memberCount",
      ARRAY(SELECT m."userId" FROM (SELECT "membershipId" FROM "PolicyMember" WHERE "policyId" = p.id
                                      ORDER BY "membershipId" LIMIT ${PREVIEW_SIZE}) f
            JOIN "Membership" m ON m.id = f."membershipId" ORDER BY f."membershipId") AS preview,
      ARRAY(SELECT pg."groupId" FROM "PolicyGroup" pg WHERE pg."policyId" = p.id ORDER BY pg."groupId") AS groups
    FROM "Policy" p WHERE p."accountId" = ${accountId}
    ORDER BY p.name LIMIT ${limit}`;
}

/** The groups a member is in and the policies assigned to them directly. */
export async function placesOfMember(
  actor: Actor,
  rawUserId: unknown,
): Promise<{ groups: number[]; policies: number[] }> {
  const { accountId, db } = await listed(actor);
  const userId = parseInput(idSchema, rawUserId);
  const membership = await db.membership.findUnique({
    where: { userId_accountId: { userId, accountId } },
    select: { groups: { select: { groupId: true } }, policies: { select: { policyId: true } } },
  });
  if (!membership) throw new DomainError("not_found", `Member ${userId} not found`);
  return {
    groups: membership.groups.map((g) => g.groupId).sort((a, b) => a - b),
    policies: membership.policies.map((p) => p.policyId).sort((a, b) => a - b),
  };
}
