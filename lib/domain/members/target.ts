import type { MemberActor } from "../../platform/auth/actor";
import { DomainError } from "../../platform/errors";
import type { Tx } from "../tx";
import type { MembershipWithUser } from "./view";

/** The membership of user `userId` in the actor's account; another account's is "not found". */
export async function loadTarget(tx: Tx, actor: MemberActor, userId: number): Promise<MembershipWithUser> {
  const m = await tx.membership.findUnique({
    where: { userId_accountId: { userId, accountId: actor.accountId } },
    include: { user: true },
  });
  if (!m) throw new DomainError("not_found", `User ${userId} is not a member of this account`);
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
