import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { sessionOwner } from "./owner";

// A person's own login history on "Your login": sign-ins (in any account),
// failed attempts, factors and sessions. Only the person sees it all; an
// account's admins see the sign-ins into their account in its audit log.

export interface LoginEvent {
  id: number;
  action: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown> | null;
}

export async function listOwnLoginEvents(actor: Actor, limit = 20): Promise<LoginEvent[]> {
  const { userId } = sessionOwner(actor);
  const db = await getDb();
  const rows = await db.auditEvent.findMany({
    where: { targetType: "user", targetId: String(userId), action: { startsWith: "user." } },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(limit, 1), 100),
    select: { id: true, action: true, createdAt: true, ip: true, userAgent: true, after: true },
  });
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    at: r.createdAt,
    ip: r.ip,
    userAgent: r.userAgent,
    detail: (r.after as Record<string, unknown> | null) ?? null,
  }));
}
