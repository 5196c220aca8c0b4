import "server-only";
import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { hashPassword, MAX_PASSWORD_LENGTH } from "../../platform/auth/passwords";
import { DomainError } from "../../platform/errors";
import { parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { issueCredential } from "../credentials/issue";
import { assertCan, assertMayAssignRole } from "../permissions";
import { inMemberTransaction } from "../tx";
import { findOrCreateUser, newUid } from "../users/find-or-create";
import { attributeNameProblem, profileFields } from "../users/profile";
import { roleSchema } from "./change-role";
import { assertUsernameFree } from "./username";
import { type MemberView, memberView } from "./view";

export const attributesSchema = z
  .record(z.string().max(100), z.json())
  .refine((v) => JSON.stringify(v).length <= 16_384, "custom attributes may take at most 16 KiB")
  .superRefine((v, ctx) => {
    for (const [name, value] of Object.entries(v)) {
      // Removing (null) stays possible, for names stored before they were reserved.
      const problem = value === null ? null : attributeNameProblem(name);
      if (problem) ctx.addIssue({ code: "custom", path: [name], message: problem });
    }
  });

export const addMemberSchema = z
  .object({
    ...profileFields,
    role: roleSchema,
    password: z.string().max(MAX_PASSWORD_LENGTH),
    attributes: attributesSchema,
  })
  .partial()
  .strict();

export type AddMemberInput = z.input<typeof addMemberSchema>;

/** add user (000), create record (003): a new ACTIVE member with a fresh API key. */
export async function addMember(
  actor: Actor,
  raw: AddMemberInput,
  /** The identity provider's id (SCIM externalId); SCIM's active=false creates the member SUSPENDED. */
  options: { externalId?: string | null; status?: "ACTIVE" | "SUSPENDED" } = {},
): Promise<MemberView & { apiKey: string }> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const { role = "REGULAR", password, attributes, email, ...profile } = parseInput(addMemberSchema, raw);
  assertMayAssignRole(member.role, null, role);
  const passwordHash = password ? await hashPassword(password) : undefined;

  return inMemberTransaction(member, async (tx) => {
    // An admin's password is applied only to a person this request creates,
    // and opens only this account until its owner proves the email.
    const person = passwordHash ? { passwordHash, passwordAccountId: member.accountId } : {};
    const user = email
      ? (await findOrCreateUser(tx, email, person)).user
      : await tx.user.create({ data: { ...person, uid: newUid() } });
    const existing = await tx.membership.findUnique({
      where: { userId_accountId: { userId: user.id, accountId: member.accountId } },
    });
    if (existing) {
      throw new DomainError("already_member", `${email} is already a member of this account (${existing.status})`, [
        { field: "email", message: "already a member" },
      ]);
    }
    await assertUsernameFree(tx, member.accountId, profile.username);
    const created = await tx.membership.create({
      data: {
        userId: user.id,
        accountId: member.accountId,
        role,
        status: options.status ?? "ACTIVE",
        activeDate: new Date(),
        // A fresh profile from this request: nothing from the person's other accounts.
        ...profile,
        termsAcceptedAt: profile.termsAccepted ? new Date() : undefined,
        attributes: (attributes ?? {}) as Prisma.InputJsonValue,
        externalId: options.externalId ?? null,
      },
      include: { user: true },
    });
    const key = await issueCredential(tx, created.id);
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "member.add",
      targetType: "membership",
      targetId: user.id,
      after: {
        email: user.email,
        role,
        status: options.status ?? "ACTIVE",
        ...(options.externalId ? { externalId: options.externalId } : {}),
      },
    });
    return { ...memberView(created), apiKey: key.apiKey };
  });
}
