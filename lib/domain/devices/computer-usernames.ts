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

/** A workstation login name: POSIX-style (jdeveloper, j.doe, svc_build$), at most 64 characters. */
export const computerUsernameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}\$?$/,
    "must be a login name: letters, digits, . _ - (no spaces), at most 64 characters",
  );

export const computerUsernameListSchema = z
  .array(z.object({ computer_username: computerUsernameSchema }).strict())
  .max(100, "at most 100 computer usernames");

/** modifyallusernames (001): replaces the member's computer usernames (empty deletes all). */
export async function setComputerUsernames(actor: Actor, rawUserId: unknown, rawList: unknown): Promise<string[]> {
  const member = requireMember(actor);
  assertCan(member.role, "members.manage");
  const userId = parseInput(idSchema, rawUserId);
  const names = parseInput(computerUsernameListSchema, rawList).map((n) => n.computer_username);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    throw new DomainError("invalid_input", `${dup} is listed twice`, [
      { field: "computer_usernames", message: `${dup} is listed twice` },
    ]);
  return inMemberTransaction(member, async (tx) => {
    const target = await loadTarget(tx, member, userId);
    assertOutranksOrSuper(member.role, target.role);
    const before = await tx.computerUsername.findMany({ where: { membershipId: target.id }, orderBy: { id: "asc" } });
    await tx.computerUsername.deleteMany({ where: { membershipId: target.id } });
    await tx.computerUsername.createMany({ data: names.map((username) => ({ membershipId: target.id, username })) });
    await recordAudit(tx, actor, {
      accountId: member.accountId,
      action: "member.set_computer_usernames",
      targetType: "membership",
      targetId: userId,
      before: { computerUsernames: before.map((b) => b.username) },
      after: { computerUsernames: names },
    });
    return names;
  });
}
