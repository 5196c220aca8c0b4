import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { assertCan } from "../permissions";
import { inMemberTransaction } from "../tx";
import { confirmedFactors } from "./factor-state";
import { assertRecentlyVerified } from "./owner";

// An account's sign-in policy (SPEC §7): who must sign in with a second factor
// to act in it. An ADMIN tightens it; only a SUPER loosens it. It applies from
// each session's next request; nobody is signed out.

export const MFA_POLICIES = ["off", "admins", "everyone"] as const;
export type MfaPolicyName = (typeof MFA_POLICIES)[number];
const STRICTNESS: Record<MfaPolicyName, number> = { off: 0, admins: 1, everyone: 2 };

const toName = (p: string) => p.toLowerCase() as MfaPolicyName;

export interface SecurityPolicy {
  accountId: number;
  mfa: MfaPolicyName;
  version: number;
}

export async function getSecurityPolicy(actor: Actor): Promise<SecurityPolicy> {
  const member = requireMember(actor);
  assertCan(member.role, "account.security");
  const db = await getDb();
  const a = await db.account.findUniqueOrThrow({
    where: { id: member.accountId },
    select: { mfaPolicy: true, securityVersion: true },
  });
  return { accountId: member.accountId, mfa: toName(a.mfaPolicy), version: a.securityVersion };
}

const inputSchema = z.object({ mfa: z.enum(MFA_POLICIES) }).strict();

export async function updateSecurityPolicy(
  actor: Actor,
  raw: unknown,
  options: { expectedVersion?: number } = {},
): Promise<SecurityPolicy> {
  const member = requireMember(actor);
  assertCan(member.role, "account.security");
  const input = parseInput(inputSchema, raw);
  return inMemberTransaction(member, async (tx) => {
    await assertRecentlyVerified(tx, member);
    const a = await tx.account.findUniqueOrThrow({
      where: { id: member.accountId },
      select: { mfaPolicy: true, securityVersion: true },
    });
    if (options.expectedVersion !== undefined && options.expectedVersion !== a.securityVersion) {
      throw new DomainError("precondition_failed", "The policy changed since you read it (If-Match does not match)");
    }
    const before = toName(a.mfaPolicy);
    if (STRICTNESS[input.mfa] < STRICTNESS[before]) assertCan(member.role, "account.security_loosen");
    if (STRICTNESS[input.mfa] > 0 && input.mfa !== before) await assertNotLockingSelfOut(tx, member);
    if (input.mfa === before) return { accountId: member.accountId, mfa: before, version: a.securityVersion };
    const updated = await tx.account.update({
      where: { id: member.accountId },
      data: { mfaPolicy: input.mfa.toUpperCase() as "OFF" | "ADMINS" | "EVERYONE", securityVersion: { increment: 1 } },
      select: { securityVersion: true },
    });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "account.security_changed",
      targetType: "account",
      targetId: member.accountId,
      before: { mfa: before },
      after: { mfa: input.mfa },
    });
    return { accountId: member.accountId, mfa: input.mfa, version: updated.securityVersion };
  });
}

/**
 * Nobody turns on a requirement they do not meet: a session must itself be of
 * two factors; through an API key, its owner must have a second factor.
 */
async function assertNotLockingSelfOut(
  tx: Parameters<Parameters<typeof inMemberTransaction>[1]>[0],
  member: ReturnType<typeof requireMember>,
) {
  if (member.session) {
    const s = await tx.session.findUnique({ where: { id: member.session.sid }, select: { level: true } });
    if ((s?.level ?? 0) < 2) {
      throw new DomainError(
        "mfa_required",
        "Sign in with a second factor yourself before requiring one (add it on Your login, then sign in again)",
      );
    }
    return;
  }
  const factors = await confirmedFactors(tx, member.userId);
  if (factors === 0) {
    throw new DomainError("mfa_required", "Add a second factor to your own login before requiring one");
  }
}
