import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";

/** Every account with its member counts: operator only. */
export async function listAccounts(actor: Actor) {
  if (actor.kind !== "system") throw new DomainError("forbidden", "Only the operator lists every account");
  const db = await getDb();
  const [accounts, counts] = await Promise.all([
    db.account.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, domain: true, createdAt: true } }),
    db.membership.groupBy({ by: ["accountId", "status"], _count: { _all: true } }),
  ]);
  return accounts.map((a) => {
    const mine = counts.filter((c) => c.accountId === a.id);
    return {
      ...a,
      members: mine.reduce((n, c) => n + c._count._all, 0),
      active: mine.find((c) => c.status === "ACTIVE")?._count._all ?? 0,
    };
  });
}
