import "server-only";
import type { Actor } from "../actor";
import { decryptSecret } from "../credentials/api-key";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { listMembers } from "../members/list-members";
import { requireMember } from "../members/target";
import { assertCan, can } from "../permissions";

/** Users per page of GET /account unless asked otherwise: every user of most accounts. */
export const ACCOUNT_USERS_LIMIT = 100;

/**
 * Account data (000 GET /account) with one page of its users, by id; users'
 * API keys only for ADMIN and SUPER callers. An account of 100,000 members is
 * not one answer: `usersPage`/`usersLimit` walk it, `usersTotal` says how many.
 */
export async function getAccount(actor: Actor, paging: { page?: number; limit?: number } = {}) {
  const member = requireMember(actor);
  assertCan(member.role, "account.read");
  const showKeys = can(member.role, "members.read_keys");
  const db = await getDb();
  const [account, users] = await Promise.all([
    db.account.findUnique({
      where: { id: member.accountId },
      include: { addresses: { orderBy: { position: "asc" } }, phones: { orderBy: { position: "asc" } } },
    }),
    listMembers(actor, {
      page: paging.page ?? 1,
      limit: paging.limit ?? ACCOUNT_USERS_LIMIT,
      sort: [{ field: "id", desc: false }],
    }),
  ]);
  if (!account) throw new DomainError("not_found", "Account not found");
  const keys = showKeys
    ? await db.apiCredential.findMany({
        where: { membershipId: { in: users.rows.map((u) => u.membershipId) }, revokedAt: null },
        orderBy: { id: "asc" },
      })
    : [];
  const keyOf = new Map(keys.map((k) => [k.membershipId, k]));
  return {
    id: account.id,
    name: account.name,
    domain: account.domain,
    organizationId: account.organizationId,
    tokenBalance: account.tokenBalance,
    settings: { inviteTtlDays: account.inviteTtlDays, autoActivateOnAccept: account.autoActivateOnAccept },
    addresses: account.addresses.map(({ id, accountId, position, ...a }) => a),
    phones: account.phones.map(({ id, accountId, position, ...p }) => p),
    users: users.rows.map((m) => {
      const key = keyOf.get(m.membershipId);
      return { ...m, apiKey: key ? `${key.keyId}.${decryptSecret(key.secretEncrypted)}` : undefined };
    }),
    usersPage: users.page,
    usersLimit: users.limit,
    usersTotal: users.total,
  };
}

/** The accounts a person can switch between (ACTIVE memberships only). */
export async function listOwnAccounts(userId: number) {
  const db = await getDb();
  const rows = await db.membership.findMany({
    where: { userId, status: "ACTIVE" },
    include: { account: { select: { id: true, name: true } } },
    orderBy: { accountId: "asc" },
  });
  return rows.map((m) => ({ accountId: m.accountId, name: m.account.name, role: m.role }));
}
