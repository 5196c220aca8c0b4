import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { hashPassword, MAX_PASSWORD_LENGTH } from "../../platform/auth/passwords";
import { DomainError } from "../../platform/errors";
import { emailSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { createMembership, newKeyOf } from "../members/create-memberships";
import { inTransaction } from "../tx";
import { findOrCreateUser } from "../users/find-or-create";
import { profileFields } from "../users/profile";

export const createAccountSchema = z
  .object({
    name: z.string().trim().min(1, "is required").max(200),
    domain: z.string().trim().max(253).optional(),
    email: emailSchema,
    password: z.string().max(MAX_PASSWORD_LENGTH).optional(),
    firstName: profileFields.firstName.optional(),
    lastName: profileFields.lastName.optional(),
  })
  .strict();

export type CreateAccountInput = z.input<typeof createAccountSchema>;

/** An account with `email` as its ACTIVE SUPER and that member's first API key. Operator only. */
export async function createAccount(actor: Actor, raw: CreateAccountInput) {
  if (actor.kind !== "system") throw new DomainError("forbidden", "Only the operator creates accounts");
  const input = parseInput(createAccountSchema, raw);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(async (tx) => {
    const account = await tx.account.create({ data: { name: input.name, domain: input.domain } });
    const { user, created } = await findOrCreateUser(tx, input.email, { passwordHash });
    if (!created && passwordHash && user.passwordHash) {
      throw new DomainError(
        "email_taken",
        `${input.email} already has a password; create the account without --password`,
        [{ field: "password", message: "this person already has one" }],
      );
    }
    if (!created && passwordHash) await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await recordAudit(tx, actor, {
      accountId: account.id,
      action: "account.create",
      targetType: "account",
      targetId: account.id,
      after: { name: account.name, owner: input.email },
    });
    const membership = await createMembership(tx, actor, account.id, "member.add_owner", {
      userId: user.id,
      role: "SUPER",
      status: "ACTIVE",
      profile: { firstName: input.firstName, lastName: input.lastName },
    });
    return { accountId: account.id, userId: user.id, membershipId: membership.id, apiKey: newKeyOf(membership) };
  });
}
