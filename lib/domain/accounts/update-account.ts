import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { assertCan } from "../permissions";
import { inMemberTransaction } from "../tx";

const line = (max = 200) => z.string().trim().max(max);

export const addressSchema = z
  .object({
    label: line(100).nullish(),
    line1: line().min(1, "is required"),
    line2: line().nullish(),
    city: line(100).nullish(),
    region: line(100).nullish(),
    postalCode: line(20).nullish(),
    country: line(100).nullish(),
  })
  .strict();

export const phoneSchema = z.object({ label: line(100).nullish(), number: line(50).min(1, "is required") }).strict();

export const updateAccountSchema = z
  .object({
    name: line().min(1, "is required"),
    domain: line(253).nullable(),
    organizationId: line(100).nullable(),
    tokenBalance: z.number().int().min(0).max(2_000_000_000),
    addresses: z.array(addressSchema).max(20),
    phones: z.array(phoneSchema).max(20),
    settings: z
      .object({
        inviteTtlDays: z.number().int().min(1).max(90),
        autoActivateOnAccept: z.boolean(),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export type UpdateAccountInput = z.input<typeof updateAccountSchema>;

/** Account settings: ADMINs change everything but the token balance, which is SUPER's. */
export async function updateAccount(actor: Actor, raw: UpdateAccountInput) {
  const member = requireMember(actor);
  assertCan(member.role, "account.update");
  const input = parseInput(updateAccountSchema, raw);
  if (input.tokenBalance !== undefined) assertCan(member.role, "account.token_balance");
  return inMemberTransaction(member, async (tx) => {
    const before = await tx.account.findUnique({ where: { id: member.accountId } });
    if (!before) throw new DomainError("not_found", "Account not found");
    const autoActivate = input.settings?.autoActivateOnAccept;
    if (autoActivate !== undefined && autoActivate !== before.autoActivateOnAccept) {
      assertCan(member.role, "account.auto_activate");
    }
    const after = await tx.account.update({
      where: { id: member.accountId },
      data: {
        name: input.name,
        domain: input.domain,
        organizationId: input.organizationId,
        tokenBalance: input.tokenBalance,
        inviteTtlDays: input.settings?.inviteTtlDays,
        autoActivateOnAccept: input.settings?.autoActivateOnAccept,
      },
    });
    if (input.addresses) {
      await tx.accountAddress.deleteMany({ where: { accountId: member.accountId } });
      await tx.accountAddress.createMany({
        data: input.addresses.map((a, position) => ({ ...a, accountId: member.accountId, position })),
      });
    }
    if (input.phones) {
      await tx.accountPhone.deleteMany({ where: { accountId: member.accountId } });
      await tx.accountPhone.createMany({
        data: input.phones.map((p, position) => ({ ...p, accountId: member.accountId, position })),
      });
    }
    // The list version moves with every member change: not an account setting.
    const { updatedAt: _b, membersVersion: _vb, ...b } = before;
    const { updatedAt: _a, membersVersion: _va, ...a } = after;
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "account.update",
      targetType: "account",
      targetId: member.accountId,
      before: { ...b, ...(input.addresses ? { addresses: "[replaced]" } : {}) },
      after: {
        ...a,
        ...(input.addresses ? { addresses: input.addresses } : {}),
        ...(input.phones ? { phones: input.phones } : {}),
      },
    });
    return a;
  });
}
