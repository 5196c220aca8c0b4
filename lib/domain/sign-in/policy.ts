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

export const SSO_POLICIES = ["optional", "required"] as const;
export type SsoPolicyName = (typeof SSO_POLICIES)[number];

export interface SecurityPolicy {
  accountId: number;
  mfa: MfaPolicyName;
  sso: SsoPolicyName;
  version: number;
}

export async function getSecurityPolicy(actor: Actor): Promise<SecurityPolicy> {
  const member = requireMember(actor);
  assertCan(member.role, "account.security");
  const db = await getDb();
  const a = await db.account.findUniqueOrThrow({
    where: { id: member.accountId },
    select: { mfaPolicy: true, ssoPolicy: true, securityVersion: true },
  });
  return view(member.accountId, a);
}

const view = (accountId: number, a: { mfaPolicy: string; ssoPolicy: string; securityVersion: number }) => ({
  accountId,
  mfa: toName(a.mfaPolicy),
  sso: a.ssoPolicy.toLowerCase() as SsoPolicyName,
  version: a.securityVersion,
});

const inputSchema = z
  .object({ mfa: z.enum(MFA_POLICIES).optional(), sso: z.enum(SSO_POLICIES).optional() })
  .strict()
  .refine((v) => v.mfa !== undefined || v.sso !== undefined, "give mfa, sso or both");

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
      select: { mfaPolicy: true, ssoPolicy: true, securityVersion: true },
    });
    if (options.expectedVersion !== undefined && options.expectedVersion !== a.securityVersion) {
      throw new DomainError("precondition_failed", "The policy changed since you read it (If-Match does not match)");
    }
    const before = view(member.accountId, a);
    const mfa = input.mfa ?? before.mfa;
    const sso = input.sso ?? before.sso;
    if (STRICTNESS[mfa] < STRICTNESS[before.mfa]) assertCan(member.role, "account.security_loosen");
    if (STRICTNESS[mfa] > 0 && mfa !== before.mfa) await assertNotLockingSelfOut(tx, member);
    if (sso === "optional" && before.sso === "required") assertCan(member.role, "account.security_loosen");
    if (sso === "required" && before.sso !== "required") await assertCameThroughSso(tx, member);
    if (mfa === before.mfa && sso === before.sso) return before;
    const updated = await tx.account.update({
      where: { id: member.accountId },
      data: {
        mfaPolicy: mfa.toUpperCase() as "OFF" | "ADMINS" | "EVERYONE",
        ssoPolicy: sso.toUpperCase() as "OPTIONAL" | "REQUIRED",
        securityVersion: { increment: 1 },
      },
      select: { mfaPolicy: true, ssoPolicy: true, securityVersion: true },
    });
    await recordAudit(tx, member, {
      accountId: member.accountId,
      action: "account.security_changed",
      targetType: "account",
      targetId: member.accountId,
      before: { mfa: before.mfa, sso: before.sso },
      after: { mfa, sso },
    });
    return view(member.accountId, updated);
  });
}

/**
 * Only an admin whose own session came through one of this account's active
 * connections may require SSO: they have just shown the way in works.
 */
async function assertCameThroughSso(
  tx: Parameters<Parameters<typeof inMemberTransaction>[1]>[0],
  member: ReturnType<typeof requireMember>,
) {
  const s = member.session
    ? await tx.session.findUnique({ where: { id: member.session.sid }, select: { connectionId: true } })
    : null;
  const through = s?.connectionId
    ? await tx.ssoConnection.findFirst({ where: { id: s.connectionId, accountId: member.accountId, state: "ACTIVE" } })
    : null;
  if (!through) {
    throw new DomainError(
      "sso_required",
      "Sign in through this account's active SSO connection yourself before requiring it (an API key cannot turn it on)",
    );
  }
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
