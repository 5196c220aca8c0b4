import { z } from "zod";
import type { MemberActor } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";
import type { Tx } from "../tx";
import type { MembershipWithUser } from "./view";

/** A member named by user id, or by uid (seed 002 addresses members by uid). */
export type MemberRef = number | { uid: string };

const uidSchema = z
  .object({ uid: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex characters") })
  .strict();

export function parseMemberRef(raw: unknown): MemberRef {
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) return parseInput(uidSchema, raw);
  return parseInput(idSchema, raw);
}

/** The membership of a user in the actor's account; another account's is "not found". */
export async function loadTarget(tx: Tx, actor: MemberActor, ref: MemberRef): Promise<MembershipWithUser> {
  if (typeof ref === "object") {
    const m = await tx.membership.findFirst({
      where: { accountId: actor.accountId, user: { uid: ref.uid } },
      include: { user: true },
    });
    if (!m) throw new DomainError("not_found", `No member of this account has the uid ${ref.uid}`);
    return m;
  }
  const m = await tx.membership.findUnique({
    where: { userId_accountId: { userId: ref, accountId: actor.accountId } },
    include: { user: true },
  });
  if (!m) throw new DomainError("not_found", `User ${ref} is not a member of this account`);
  return m;
}

/** Fails with last_super when the change would leave the account without an ACTIVE SUPER. */
export async function assertKeepsActiveSuper(
  tx: Tx,
  target: { id: number; accountId: number; role: string; status: string },
  after: { role: string; status: string } | null,
): Promise<void> {
  const wasActiveSuper = target.role === "SUPER" && target.status === "ACTIVE";
  const staysActiveSuper = after?.role === "SUPER" && after.status === "ACTIVE";
  if (!wasActiveSuper || staysActiveSuper) return;
  const others = await tx.membership.count({
    where: { accountId: target.accountId, role: "SUPER", status: "ACTIVE", id: { not: target.id } },
  });
  if (others === 0) {
    throw new DomainError("last_super", "An account must keep at least one ACTIVE SUPER member");
  }
}
