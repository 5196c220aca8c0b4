import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import { memberByUserId } from "../members/member-rows";
import { assertCan } from "../permissions";

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
