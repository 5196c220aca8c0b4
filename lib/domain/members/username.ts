import "server-only";
import { DomainError } from "../../platform/errors";
import type { Tx } from "../tx";

/**
 * A member's username is unique in its account, compared case-insensitively
 * (SCIM's userName). Checked under the account lock, so two requests cannot
 * both take one name.
 */
export async function assertUsernameFree(
  tx: Tx,
  accountId: number,
  username: string | null | undefined,
  exceptMembershipId?: number,
): Promise<void> {
  if (!username) return;
  // lower() as the trigger computes usernameKey, so both sides fold case alike.
  const taken = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM "Membership"
    WHERE "accountId" = ${accountId} AND "usernameKey" = lower(${username}) AND id <> ${exceptMembershipId ?? 0}
    LIMIT 1`;
  if (taken.length) {
    throw new DomainError("username_taken", `The username "${username}" is taken in this account`, [
      { field: "username", message: "is taken" },
    ]);
  }
}

/** After a bulk write: the first username two members of the account share, if any. */
export async function duplicateUsername(tx: Tx, accountId: number): Promise<string | null> {
  const rows = await tx.$queryRaw<{ usernameKey: string }[]>`
    SELECT "usernameKey" FROM "Membership" WHERE "accountId" = ${accountId} AND "usernameKey" IS NOT NULL
    GROUP BY "usernameKey" HAVING count(*) > 1 LIMIT 1`;
  return rows[0]?.usernameKey ?? null;
}
