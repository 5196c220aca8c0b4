import "server-only";
import { randomBytes } from "node:crypto";
import type { Actor } from "../../platform/auth/actor";
import { hashPassword } from "../../platform/auth/passwords";
import { DomainError } from "../../platform/errors";
import { emailSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { inTransaction } from "../tx";

/** Operator password reset: sets the given password or a generated one, answered once. */
export async function resetPassword(actor: Actor, rawEmail: unknown, password?: string) {
  if (actor.kind !== "system") throw new DomainError("forbidden", "Only the operator resets passwords");
  const email = parseInput(emailSchema, rawEmail);
  const chosen = password ?? randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(chosen);
  return inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new DomainError("not_found", `No user has the email ${email}`);
    // Every session of the person ends with the old password.
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, actor, {
      accountId: null,
      action: "user.reset_password",
      targetType: "user",
      targetId: user.id,
      after: { passwordHash: "x" },
    });
    return { userId: user.id, email, password: password ? undefined : chosen };
  });
}
