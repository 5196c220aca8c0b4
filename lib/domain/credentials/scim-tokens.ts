import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor, MemberActor, Origin } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { hashSecret } from "../../platform/auth/api-key";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { assertCan, can } from "../permissions";
import { assertRecentlyVerified } from "../sign-in/owner";
import { inMemberTransaction } from "../tx";
import { text } from "../users/profile";

// SCIM bearer tokens: made by an account's admin for an identity provider,
// shown once, stored as a keyed hash. A token acts as the admin who made it
// (while that admin is still an ACTIVE ADMIN or SUPER), and only on /scim/v2.

const PREFIX = "rscim_";

export interface ScimTokenView {
  id: number;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: string | null;
}

export async function listScimTokens(actor: Actor): Promise<ScimTokenView[]> {
  const member = requireMember(actor);
  assertCan(member.role, "scim.manage");
  const db = await getDb();
  const rows = await db.scimToken.findMany({
    where: { accountId: member.accountId },
    orderBy: { createdAt: "desc" },
    take: 100,
    include: { membership: { select: { user: { select: { email: true } } } } },
  });
  return rows.map((t) => ({
    id: t.id,
    label: t.label,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
    createdBy: t.membership.user.email,
  }));
}

const createSchema = z.object({ label: text(100).min(1, "is required") }).strict();

/** A new token; the only time its value is answered. */
export async function createScimToken(actor: Actor, raw: { label: string }): Promise<{ id: number; token: string }> {
  const member = requireMember(actor);
  assertCan(member.role, "scim.manage");
  const { label } = parseInput(createSchema, raw);
  const token = PREFIX + randomBytes(32).toString("base64url");
  return inMemberTransaction(member, async (tx) => {
    await assertRecentlyVerified(tx, member);
    const row = await tx.scimToken.create({
      data: { accountId: member.accountId, membershipId: member.membershipId, label, tokenHash: hashSecret(token) },
    });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "scim_token.create",
      targetType: "credential",
      targetId: `scim:${row.id}`,
      after: { label },
    });
    return { id: row.id, token };
  });
}

export async function revokeScimToken(actor: Actor, rawId: unknown): Promise<void> {
  const member = requireMember(actor);
  assertCan(member.role, "scim.manage");
  const id = parseInput(idSchema, rawId);
  await inMemberTransaction(member, async (tx) => {
    const row = await tx.scimToken.findFirst({ where: { id, accountId: member.accountId } });
    if (!row) throw new DomainError("not_found", `SCIM token ${id} not found`);
    if (row.revokedAt) return;
    await tx.scimToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "scim_token.revoke",
      targetType: "credential",
      targetId: `scim:${id}`,
      before: { label: row.label },
    });
  });
}

/** The actor behind a SCIM request's bearer token; 401 for anything else. */
export async function authenticateScimToken(header: string | null, origin: Origin): Promise<MemberActor> {
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token?.startsWith(PREFIX))
    throw new DomainError("unauthenticated", "Send a SCIM token: Authorization: Bearer rscim_…");
  const db = await getDb();
  const [row] = await db.$queryRaw<
    {
      id: number;
      revokedAt: Date | null;
      membershipId: number;
      userId: number;
      accountId: number;
      role: MemberActor["role"];
      status: string;
      lastUsedAt: Date | null;
    }[]
  >`SELECT t.id, t."revokedAt", t."lastUsedAt", m.id AS "membershipId", m."userId", m."accountId", m.role::text AS role, m.status::text AS status
    FROM "ScimToken" t JOIN "Membership" m ON m.id = t."membershipId" WHERE t."tokenHash" = ${hashSecret(token)}`;
  if (!row || row.revokedAt || row.status !== "ACTIVE" || !can(row.role, "scim.manage"))
    throw new DomainError("unauthenticated", "Invalid or revoked SCIM token");
  // Last use to the minute: at most one write a minute per token.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)
    await db.scimToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return {
    kind: "member",
    via: "scim",
    userId: row.userId,
    accountId: row.accountId,
    membershipId: row.membershipId,
    role: row.role,
    scimTokenId: row.id,
    ...origin,
  };
}
