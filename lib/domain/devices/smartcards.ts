import "server-only";
import { z } from "zod";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { recordAudit } from "../audit/record";
import { loadTarget } from "../members/target";
import { assertCan, assertOutranksOrSuper } from "../permissions";
import { inMemberTransaction } from "../tx";
import { text } from "../users/profile";

export const smartcardSchema = z
  .object({
    number: z
      .union([z.string(), z.number().int().nonnegative().transform(String)])
      .pipe(z.string().regex(/^\d{1,32}$/, "must be 1 to 32 digits")),
    label: text(100).nullish(),
  })
  .strict();

export const smartcardListSchema = z.array(smartcardSchema).max(100, "at most 100 smartcards");

export interface Smartcard {
  number: string;
  label: string | null;
}

/** A member's smartcards (ADMINs, or the member). */
export async function getSmartcards(actor: Actor, rawUserId: unknown): Promise<Smartcard[]> {
  const member = requireMember(actor);
  const userId = parseInput(idSchema, rawUserId);
  if (userId !== member.userId) assertCan(member.role, "members.manage");
  return inMemberTransaction(member, async (tx) => {
    const target = await loadTarget(tx, member, userId);
    if (userId !== member.userId) assertOutranksOrSuper(member.role, target.role);
    const cards = await tx.smartcard.findMany({ where: { membershipId: target.id }, orderBy: { id: "asc" } });
    return cards.map((c) => ({ number: c.number, label: c.label }));
  });
}

/**
 * modifysmartcard (001): replaces the member's whole list (empty deletes all).
 * Numbers are unique within the account unless allowDuplicates.
 */
export async function setSmartcards(
  actor: Actor,
  rawUserId: unknown,
  rawCards: unknown,
  allowDuplicates = false,
): Promise<Smartcard[]> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const userId = parseInput(idSchema, rawUserId);
  const cards = parseInput(smartcardListSchema, rawCards);
  if (!allowDuplicates) {
    const seen = new Set<string>();
    for (const c of cards) {
      if (seen.has(c.number)) throw duplicate(c.number);
      seen.add(c.number);
    }
  }
  return inMemberTransaction(member, async (tx) => {
    const target = await loadTarget(tx, member, userId);
    assertOutranksOrSuper(member.role, target.role);
    if (!allowDuplicates && cards.length) {
      const clash = await tx.smartcard.findFirst({
        where: {
          accountId: member.accountId,
          number: { in: cards.map((c) => c.number) },
          membershipId: { not: target.id },
        },
      });
      if (clash) throw duplicate(clash.number);
    }
    const before = await tx.smartcard.findMany({ where: { membershipId: target.id }, orderBy: { id: "asc" } });
    await tx.smartcard.deleteMany({ where: { membershipId: target.id } });
    await tx.smartcard.createMany({
      data: cards.map((c) => ({
        accountId: member.accountId,
        membershipId: target.id,
        number: c.number,
        label: c.label ?? null,
      })),
    });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "member.set_smartcards",
      targetType: "membership",
      targetId: userId,
      before: { smartcards: before.map((c) => ({ number: c.number, label: c.label })) },
      after: { smartcards: cards.map((c) => ({ number: c.number, label: c.label ?? null })) },
    });
    return cards.map((c) => ({ number: c.number, label: c.label ?? null }));
  });
}

const duplicate = (number: string) =>
  new DomainError(
    "duplicate_smartcard",
    `Smartcard ${number} is already in use in this account (send allow_duplicates to allow it)`,
    [{ field: "smartcards", message: `${number} is a duplicate` }],
  );
