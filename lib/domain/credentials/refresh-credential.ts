import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { decryptSecret } from "../../platform/auth/api-key";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { loadTarget } from "../members/target";
import { assertCan, assertOutranksOrSuper } from "../permissions";
import { assertRecentlyVerified } from "../sign-in/owner";
import { inMemberTransaction } from "../tx";
import { issueCredential } from "./issue";

/** refresh-api-key (000): a new key for the member; the old one stops working at once. */
export async function refreshCredential(actor: Actor, rawUserId: unknown): Promise<{ userId: number; apiKey: string }> {
  const member = requireMember(actor);
  const userId = parseInput(idSchema, rawUserId);
  const self = userId === member.userId;
  assertCan(member.role, self ? "self.refresh_key" : "members.manage");
  return inMemberTransaction(member, async (tx) => {
    const target = await loadTarget(tx, member, userId);
    if (!self) assertOutranksOrSuper(member.role, target.role);
    const key = await issueCredential(tx, target.id);
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "credential.refresh",
      targetType: "credential",
      targetId: userId,
      after: { keyId: key.keyId },
    });
    return { userId, apiKey: key.apiKey };
  });
}

/** The member's live key, decrypted for an admin (or the member) to see. */
export async function revealCredential(
  actor: Actor,
  rawUserId: unknown,
): Promise<{ userId: number; apiKey: string | null }> {
  const member = requireMember(actor);
  const userId = parseInput(idSchema, rawUserId);
  const self = userId === member.userId;
  if (!self) assertCan(member.role, "members.read_keys");
  return inMemberTransaction(member, async (tx) => {
    const target = await loadTarget(tx, member, userId);
    if (!self) assertOutranksOrSuper(member.role, target.role);
    if (!self) await assertRecentlyVerified(tx, member);
    const live = await tx.apiCredential.findFirst({ where: { membershipId: target.id, revokedAt: null } });
    if (!live) return { userId, apiKey: null };
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "credential.reveal",
      targetType: "credential",
      targetId: userId,
      after: { keyId: live.keyId },
    });
    return { userId, apiKey: `${live.keyId}.${decryptSecret(live.secretEncrypted)}` };
  }).catch((e) => {
    if (e instanceof Error && e.message.includes("Unsupported state or unable to authenticate data")) {
      throw new DomainError("conflict", "This key was made under another AUTH_SECRET; refresh it");
    }
    throw e;
  });
}
