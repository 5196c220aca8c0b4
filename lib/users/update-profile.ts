import "server-only";
import { z } from "zod";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record";
import { hashPassword, MAX_PASSWORD_LENGTH } from "../auth/passwords";
import { DomainError } from "../errors";
import type { Prisma, User } from "../generated/prisma/client";
import { attributesSchema } from "../members/add-member";
import { loadTarget, requireMember } from "../members/target";
import { type MemberView, memberView } from "../members/view";
import { assertCan, assertOutranksOrSuper } from "../permissions";
import { inTransaction } from "../tx";
import { idSchema, parseInput } from "../validation";
import { PROFILE_KEYS, profileFields } from "./profile";

export const updateProfileSchema = z
  .object({ ...profileFields, password: z.string().max(MAX_PASSWORD_LENGTH), attributes: attributesSchema })
  .partial()
  .strict();

export type UpdateProfileInput = z.input<typeof updateProfileSchema>;

/** What a PUT clears a field to. */
const CLEARED: Partial<Record<keyof User, unknown>> = { gender: "unknown", termsAccepted: false };

export interface UpdateProfileOptions {
  /** PUT: every field not sent is cleared; PATCH (default): only what is sent changes. */
  replace?: boolean;
  /** If-Match: the membership version the caller last saw. */
  expectedVersion?: number;
  /** The identity provider's id for this member (SCIM externalId); null clears it. */
  externalId?: string | null;
}

/**
 * Update profile (000 PATCH /user, 003 PUT/PATCH): anyone edits their own;
 * admins edit a member's global profile only while that user belongs to this
 * account alone (else "admin of A changes the email of B's owner").
 */
export async function updateProfile(
  actor: Actor,
  rawUserId: unknown,
  raw: UpdateProfileInput,
  options: UpdateProfileOptions = {},
): Promise<MemberView> {
  const member = requireMember(actor);
  const userId = parseInput(idSchema, rawUserId);
  const { attributes, password, ...fields } = parseInput(updateProfileSchema, raw);
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  const self = userId === member.userId;
  assertCan(member.role, self ? "self.update" : "members.manage");

  return inTransaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM "Membership" WHERE "userId" = ${userId} AND "accountId" = ${member.accountId} FOR UPDATE`;
    if (rows.length === 0) throw new DomainError("not_found", `User ${userId} is not a member of this account`);
    const target = await loadTarget(tx, member, userId);
    if (options.expectedVersion !== undefined && options.expectedVersion !== target.version) {
      throw new DomainError("precondition_failed", "The record changed since you read it (If-Match does not match)");
    }
    if (!self) {
      assertOutranksOrSuper(member.role, target.role);
      const elsewhere = await tx.membership.count({ where: { userId, accountId: { not: member.accountId } } });
      const changesProfile = options.replace || Object.keys(fields).length > 0 || passwordHash !== undefined;
      if (elsewhere > 0 && changesProfile) {
        throw new DomainError(
          "profile_shared",
          "This person also belongs to another account; only they can change their profile",
        );
      }
    }
    const data: Record<string, unknown> = {};
    for (const key of PROFILE_KEYS) {
      if (key in fields) data[key] = fields[key as keyof typeof fields];
      else if (options.replace) data[key] = CLEARED[key] ?? null;
    }
    if (data.email === null && target.user.passwordHash) {
      throw new DomainError("invalid_input", "A person who signs in needs an email", [
        { field: "email", message: "is required" },
      ]);
    }
    if (typeof data.email === "string" && data.email !== target.user.email) {
      const taken = await tx.user.count({ where: { email: data.email } });
      if (taken)
        throw new DomainError("email_taken", "Another person already uses this email", [
          { field: "email", message: "is taken" },
        ]);
      data.emailStatus = "UNCONFIRMED";
      data.confirmedAt = null;
    }
    if (data.termsAccepted === true && !target.user.termsAccepted) data.termsAcceptedAt = new Date();
    if (data.termsAccepted === false) data.termsAcceptedAt = null;

    if (passwordHash) data.passwordHash = passwordHash;
    const user = await tx.user.update({ where: { id: userId }, data: data as Prisma.UserUpdateInput });
    let newAttributes = target.attributes as Record<string, unknown>;
    if (attributes !== undefined || options.replace) {
      newAttributes = options.replace ? { ...(attributes ?? {}) } : { ...newAttributes, ...attributes };
      for (const [k, v] of Object.entries(newAttributes)) if (v === null) delete newAttributes[k];
    }
    // Every membership's ETag covers the shared profile.
    await tx.membership.updateMany({ where: { userId, id: { not: target.id } }, data: { version: { increment: 1 } } });
    const updated = await tx.membership.update({
      where: { id: target.id },
      data: {
        attributes: newAttributes as Prisma.InputJsonValue,
        version: { increment: 1 },
        ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
      },
      include: { user: true },
    });
    const before: Record<string, unknown> = { attributes: target.attributes };
    const after: Record<string, unknown> = { attributes: updated.attributes };
    if (options.externalId !== undefined) {
      before.externalId = target.externalId;
      after.externalId = updated.externalId;
    }
    for (const key of Object.keys(data)) {
      before[key] = target.user[key as keyof User];
      after[key] = user[key as keyof User];
    }
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "user.update",
      targetType: "user",
      targetId: userId,
      before,
      after,
    });
    return memberView(updated);
  });
}
