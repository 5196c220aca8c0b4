import "server-only";
import type { Actor } from "../actor";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { memberByUserId } from "../members/member-rows";
import { requireMember } from "../members/target";
import { assertCan } from "../permissions";
import { idSchema, parseInput } from "../validation";

/** One member of the actor's account; without a user id, the caller themselves. */
export async function getMember(actor: Actor, rawUserId?: unknown) {
  const member = requireMember(actor);
  const userId = rawUserId === undefined ? member.userId : parseInput(idSchema, rawUserId);
  assertCan(member.role, userId === member.userId ? "self.read" : "members.list");
  const db = await getDb();
  const m = await memberByUserId(db, member.accountId, userId);
  if (!m) throw new DomainError("not_found", `User ${userId} is not a member of this account`);
  return m;
}
