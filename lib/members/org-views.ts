import "server-only";
import type { Actor } from "../actor";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { assertCan, assertOutranksOrSuper } from "../permissions";
import { emailSchema } from "../users/profile";
import { idSchema, parseInput } from "../validation";
import { requireMember } from "./target";

export type UserTag = "GUEST" | "USER" | undefined;

/** Every member with groups and devices, for seed 001's multipleusers (REGULAR and above). */
export async function listOrgUsers(actor: Actor, tag: UserTag) {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  const rows = await db.membership.findMany({
    where: {
      accountId: member.accountId,
      role: tag === "GUEST" ? "GUEST" : tag === "USER" ? { not: "GUEST" } : undefined,
    },
    orderBy: { userId: "asc" },
    include: {
      user: true,
      groups: { include: { group: { select: { name: true } } } },
      smartcards: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } },
    },
  });
  return rows.map((m) => ({
    membership: m,
    user: m.user,
    groups: m.groups.map((g) => g.group.name).sort(),
    deviceAdded: m.smartcards[0]?.createdAt ?? null,
  }));
}

/** Seed 001's GET user: policies (direct and through groups), computer usernames, smartcards. */
export async function getMemberDevices(actor: Actor, rawUserId: unknown) {
  const member = requireMember(actor);
  const userId = parseInput(idSchema, rawUserId);
  const self = userId === member.userId;
  if (!self) assertCan(member.role, "members.manage");
  const db = await getDb();
  const m = await db.membership.findUnique({
    where: { userId_accountId: { userId, accountId: member.accountId } },
    include: {
      policies: { include: { policy: { select: { name: true } } } },
      groups: { include: { group: { include: { policies: { include: { policy: { select: { name: true } } } } } } } },
      computerUsernames: { orderBy: { id: "asc" } },
      smartcards: { orderBy: { id: "asc" } },
    },
  });
  if (!m) throw new DomainError("not_found", `User ${userId} is not a member of this account`);
  if (!self) assertOutranksOrSuper(member.role, m.role);
  const policies = new Set([
    ...m.policies.map((p) => p.policy.name),
    ...m.groups.flatMap((g) => g.group.policies.map((p) => p.policy.name)),
  ]);
  return {
    userId,
    policies: [...policies].sort(),
    computerUsernames: m.computerUsernames.map((c) => c.username),
    smartcards: m.smartcards.map((c) => ({ label: c.label, number: c.number })),
  };
}

/** The id of the account's member with this email ("not found" otherwise, also for other accounts). */
export async function memberIdByEmail(actor: Actor, rawEmail: unknown): Promise<number> {
  const member = requireMember(actor);
  const email = parseInput(emailSchema, rawEmail);
  const db = await getDb();
  const m = await db.membership.findFirst({
    where: { accountId: member.accountId, user: { email } },
    select: { userId: true },
  });
  if (!m) throw new DomainError("not_found", `No member of this account has the email ${email}`);
  return m.userId;
}

/** The id of the account's member with this uid ("not found" otherwise, also for other accounts). */
export async function memberIdByUid(actor: Actor, uid: string): Promise<number> {
  const member = requireMember(actor);
  const db = await getDb();
  const m = await db.membership.findFirst({
    where: { accountId: member.accountId, user: { uid } },
    select: { userId: true },
  });
  if (!m) throw new DomainError("not_found", `No member of this account has the uid ${uid}`);
  return m.userId;
}
