import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { decryptSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { recordAudit } from "../audit/record";
import { listMembers } from "../members/list-members";
import { assertCan, can } from "../permissions";
import { assertRecentlyVerified } from "../sign-in/owner";

/** Users per page of GET /account unless asked otherwise: every user of most accounts. */
export const ACCOUNT_USERS_LIMIT = 100;

/**
 * Account data (000 GET /account) with one page of its users, by id; users'
 * API keys only for ADMIN and SUPER callers. An account of 100,000 members is
 * not one answer: `usersPage`/`usersLimit` walk it, `usersTotal` says how many.
 */
export async function getAccount(
  actor: Actor,
  paging: { page?: number; limit?: number /** false: no keys (and no reveal to audit) */; keys?: boolean } = {},
) {
  const member = requireMember(actor);
  assertCan(member.role, "account.read");
  const showKeys = paging.keys !== false && can(member.role, "members.read_keys");
  // A SUPER's key is shown to SUPERs only (SPEC §2).
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
  const visible = users.rows.filter((u) => u.role !== "SUPER" || member.role === "SUPER");
  const keys = showKeys
    ? await db.apiCredential.findMany({
        where: { membershipId: { in: visible.map((u) => u.membershipId) }, revokedAt: null },
        orderBy: { id: "asc" },
      })
    : [];
  const keyOf = new Map(keys.map((k) => [k.membershipId, k]));
  // Another member's key shown to a console session needs a recent verification (SPEC §7, step-up).
  if (keys.some((k) => k.membershipId !== member.membershipId)) await assertRecentlyVerified(db, member);
  if (keys.length > 0) {
    // Every reveal is audited: who looked, and whose keys they were shown.
    await recordAudit(db, actor, {
      accountId: member.accountId,
      action: "credential.reveal",
      targetType: "account",
      targetId: member.accountId,
      after: { userIds: users.rows.filter((u) => keyOf.has(u.membershipId)).map((u) => u.userId) },
    });
  }
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

/**
 * The accounts a person can switch between (ACTIVE memberships that their
 * password opens), and the ones waiting for an admin (an accepted invitation
 * not yet activated, a request to join).
 */
export async function listOwnAccounts(userId: number) {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordAccountId: true } });
  const rows = await db.membership.findMany({
    where: {
      userId,
      OR: [{ status: "ACTIVE" }, { status: "REQUESTED" }, { status: "INVITED", acceptedAt: { not: null } }],
      ...(user?.passwordAccountId ? { accountId: user.passwordAccountId } : {}),
    },
    include: { account: { select: { id: true, name: true } } },
    orderBy: { accountId: "asc" },
  });
  const active = rows.filter((m) => m.status === "ACTIVE");
  return Object.assign(
    active.map((m) => ({ accountId: m.accountId, name: m.account.name, role: m.role })),
    {
      waiting: rows
        .filter((m) => m.status !== "ACTIVE")
        .map((m) => ({ accountId: m.accountId, name: m.account.name, status: m.status })),
    },
  );
}
