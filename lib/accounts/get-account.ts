import "server-only";
import type { Actor } from "../actor";
import { decryptSecret } from "../credentials/api-key";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { requireMember } from "../members/target";
import { memberView } from "../members/view";
import { assertCan, can } from "../permissions";

/** Account data (000 GET /account): users' API keys only for ADMIN and SUPER callers. */
export async function getAccount(actor: Actor) {
  const member = requireMember(actor);
  assertCan(member.role, "account.read");
  const showKeys = can(member.role, "members.read_keys");
  const db = await getDb();
  const account = await db.account.findUnique({
    where: { id: member.accountId },
    include: {
      addresses: { orderBy: { position: "asc" } },
      phones: { orderBy: { position: "asc" } },
      memberships: {
        orderBy: { userId: "asc" },
        include: {
          user: true,
          credentials: showKeys ? { where: { revokedAt: null }, take: 1 } : false,
        },
      },
    },
  });
  if (!account) throw new DomainError("not_found", "Account not found");
  return {
    id: account.id,
    name: account.name,
    domain: account.domain,
    organizationId: account.organizationId,
    tokenBalance: account.tokenBalance,
    settings: { inviteTtlDays: account.inviteTtlDays, autoActivateOnAccept: account.autoActivateOnAccept },
    addresses: account.addresses.map(({ id, accountId, position, ...a }) => a),
    phones: account.phones.map(({ id, accountId, position, ...p }) => p),
    users: account.memberships.map((m) => {
      const key = showKeys ? m.credentials?.[0] : undefined;
      return {
        ...memberView(m),
        apiKey: key ? `${key.keyId}.${decryptSecret(key.secretEncrypted)}` : undefined,
      };
    }),
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
