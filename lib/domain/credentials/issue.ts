import { encryptSecret, generateKey, hashSecret } from "../../platform/auth/api-key";
import type { Tx } from "../tx";

/** Revokes the membership's live key (if any) and issues a new one; answers it once. */
export async function issueCredential(
  tx: Tx,
  membershipId: number,
): Promise<{ id: number; apiKey: string; keyId: string }> {
  await tx.apiCredential.updateMany({
    where: { membershipId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const key = generateKey();
  const row = await tx.apiCredential.create({
    data: {
      membershipId,
      keyId: key.keyId,
      secretHash: hashSecret(key.secret),
      secretEncrypted: encryptSecret(key.secret),
    },
  });
  return { id: row.id, apiKey: key.apiKey, keyId: key.keyId };
}

/** Revokes the membership's live key for good (a revoked key never comes back). */
export async function revokeCredentials(tx: Tx, membershipId: number): Promise<void> {
  await tx.apiCredential.updateMany({ where: { membershipId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Issues a key only when the membership has no live one (on activation). */
export async function ensureCredential(tx: Tx, membershipId: number): Promise<void> {
  const live = await tx.apiCredential.count({ where: { membershipId, revokedAt: null } });
  if (live === 0) await issueCredential(tx, membershipId);
}
