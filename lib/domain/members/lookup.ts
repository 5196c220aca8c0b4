import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { emailSchema, parseInput } from "../../platform/validation";
import { assertCan } from "../permissions";

// A member found by email (seed 001) for a read that takes an id. Only for a
// caller who may see the member list: anyone else (a GUEST) is refused before
// the lookup, so "not found" never tells them who is a member. (Verbs take a
// uid themselves, after their own permission check: see parseMemberRef.)

/** The id of the account's member with this email ("not found" otherwise, also for other accounts). */
export async function memberIdByEmail(actor: Actor, rawEmail: unknown): Promise<number> {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const email = parseInput(emailSchema, rawEmail);
  const db = await getDb();
  const m = await db.membership.findFirst({
    where: { accountId: member.accountId, user: { email } },
    select: { userId: true },
  });
  if (!m) throw new DomainError("not_found", `No member of this account has the email ${email}`);
  return m.userId;
}
