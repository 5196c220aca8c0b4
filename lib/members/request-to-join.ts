import "server-only";
import { z } from "zod";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from "../auth/passwords";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { inAccountTransaction } from "../tx";
import { findOrCreateUser } from "../users/find-or-create";
import { emailSchema, profileFields } from "../users/profile";
import { idSchema, parseInput } from "../validation";

export const joinSchema = z
  .object({
    accountId: idSchema,
    email: emailSchema.optional(),
    password: z.string().max(MAX_PASSWORD_LENGTH).optional(),
    firstName: profileFields.firstName.optional(),
    lastName: profileFields.lastName.optional(),
  })
  .strict();

/**
 * Request to join (console): a signed-in person, or a new one giving email and
 * password, asks to join; the membership waits in REQUESTED for an admin.
 */
export async function requestToJoin(actor: Actor, raw: z.input<typeof joinSchema>) {
  const input = parseInput(joinSchema, raw);
  const db = await getDb();
  const signedIn = actor.kind === "public" || actor.kind === "member" ? actor.userId : undefined;
  let userId = signedIn;
  let newUser: { email: string; passwordHash: string } | undefined;
  if (!userId) {
    if (!input.email)
      throw new DomainError("invalid_input", "Give your email", [{ field: "email", message: "is required" }]);
    if (!input.password)
      throw new DomainError("invalid_input", "Choose a password", [{ field: "password", message: "is required" }]);
    const existing = await db.user.findUnique({ where: { email: input.email } });
    if (existing?.passwordHash) {
      if (!(await verifyPassword(existing.passwordHash, input.password))) {
        throw new DomainError("forbidden", "Sign in to ask to join with this email", [
          { field: "password", message: "does not match" },
        ]);
      }
      userId = existing.id;
    } else {
      newUser = { email: input.email, passwordHash: await hashPassword(input.password) };
    }
  }

  return inAccountTransaction(input.accountId, async (tx) => {
    if (newUser) {
      const { user } = await findOrCreateUser(tx, newUser.email, {
        firstName: input.firstName,
        lastName: input.lastName,
      });
      if (user.passwordHash) throw new DomainError("conflict", "This email signed up meanwhile; sign in and ask again");
      await tx.user.update({ where: { id: user.id }, data: { passwordHash: newUser.passwordHash } });
      userId = user.id;
    }
    const id = userId as number;
    const existing = await tx.membership.findUnique({
      where: { userId_accountId: { userId: id, accountId: input.accountId } },
    });
    if (existing) throw new DomainError("already_member", `You already belong to this account (${existing.status})`);
    const m = await tx.membership.create({
      data: { userId: id, accountId: input.accountId, role: "REGULAR", status: "REQUESTED" },
    });
    await recordAudit(
      tx,
      { ...actor, kind: "public", userId: id },
      {
        accountId: input.accountId,
        action: "member.request_to_join",
        targetType: "membership",
        targetId: id,
        after: { status: "REQUESTED" },
      },
    );
    return { accountId: input.accountId, userId: id, membershipId: m.id, status: m.status };
  });
}
