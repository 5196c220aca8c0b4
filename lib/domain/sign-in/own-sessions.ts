import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { recordAudit } from "../audit/record";
import { inTransaction } from "../tx";
import { sessionOwner } from "./owner";

// The person's live sessions: listed on "Your login", each can be ended.

export interface SessionView {
  id: string;
  current: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ip: string | null;
  methods: string[];
  level: number;
}

export async function listOwnSessions(actor: Actor): Promise<SessionView[]> {
  const owner = sessionOwner(actor);
  const db = await getDb();
  const rows = await db.session.findMany({
    where: { userId: owner.userId, version: owner.sv, endedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      createdAt: true,
      lastSeenAt: true,
      userAgent: true,
      ip: true,
      methods: true,
      level: true,
    },
  });
  return rows.map((r) => ({ ...r, current: r.id === owner.sid }));
}

/** Ends one of the person's own sessions (not someone else's: an unknown id is 404). */
export async function endOwnSession(actor: Actor, id: unknown): Promise<void> {
  const owner = sessionOwner(actor);
  if (typeof id !== "string" || id.length > 64) throw new DomainError("not_found", "You have no such session");
  await inTransaction(async (tx) => {
    const ended = await tx.session.updateMany({
      where: { id, userId: owner.userId, endedAt: null },
      data: { endedAt: new Date(), endedBy: id === owner.sid ? "sign_out" : "ended_by_owner" },
    });
    if (ended.count === 0) throw new DomainError("not_found", "You have no such session");
    await recordAudit(tx, actor, {
      accountId: null,
      action: "user.session_ended",
      targetType: "user",
      targetId: owner.userId,
      after: { by: id === owner.sid ? "sign_out" : "ended_by_owner" },
    });
  });
}

/** "Sign out everywhere else": every other session of the person ends; this one stays. */
export async function endOtherSessions(actor: Actor): Promise<{ ended: number }> {
  const owner = sessionOwner(actor);
  return inTransaction(async (tx) => {
    const ended = await tx.session.updateMany({
      where: { userId: owner.userId, endedAt: null, id: { not: owner.sid } },
      data: { endedAt: new Date(), endedBy: "ended_by_owner" },
    });
    await recordAudit(tx, actor, {
      accountId: null,
      action: "user.sign_out_elsewhere",
      targetType: "user",
      targetId: owner.userId,
      after: { ended: ended.count },
    });
    return { ended: ended.count };
  });
}
