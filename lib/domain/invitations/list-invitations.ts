import "server-only";
import type { Actor } from "../../platform/auth/actor";
import { requireMember } from "../../platform/auth/actor";
import { getDb } from "../../platform/db/client";
import { assertCan } from "../permissions";
import { effectiveStatus } from "./token";

/** Open invitations (pending or expired, not accepted or revoked), newest first. */
export async function listOpenInvitations(actor: Actor, page = 1, limit = 100) {
  const member = requireMember(actor);
  assertCan(member.role, "members.list");
  const db = await getDb();
  const where = { accountId: member.accountId, status: { in: ["PENDING" as const, "EXPIRED" as const] } };
  const [rows, total] = await Promise.all([
    db.invitation.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * limit,
      take: limit,
    }),
    db.invitation.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((inv) => ({
      id: inv.id,
      email: inv.email,
      role: inv.role,
      status: effectiveStatus(inv),
      expiresAt: inv.expiresAt,
    })),
  };
}
