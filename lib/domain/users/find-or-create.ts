import { randomBytes } from "node:crypto";
import type { Prisma, User } from "../../generated/prisma/client";
import type { Tx } from "../tx";

/**
 * A user's uid: 64 hex digits, the first 12 the creation time in milliseconds,
 * the rest random (208 bits). New uids land at one end of the uid index instead
 * of anywhere in it, which keeps bulk inserts cheap at a million users.
 */
export function newUid(random: Buffer = randomBytes(26), now = Date.now()): string {
  return now.toString(16).padStart(12, "0").slice(-12) + random.toString("hex", 0, 26);
}

/**
 * The person with this email, created from `data` when new (atomic: INSERT …
 * ON CONFLICT). `data` never reaches a person who already exists. An existing
 * person's row stays locked to the end of the transaction: an email change in
 * another account either finishes first (and this address names nobody now)
 * or waits and then sees this account's membership.
 */
export async function findOrCreateUser(
  tx: Tx,
  email: string,
  data: Pick<Prisma.UserCreateInput, "passwordHash" | "passwordAccountId"> = {},
): Promise<{ user: User; created: boolean }> {
  const [locked] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "User" WHERE email = ${email} FOR UPDATE`;
  const existing = locked ? await tx.user.findUnique({ where: { id: locked.id } }) : null;
  if (existing) return { user: existing, created: false };
  const uid = newUid();
  const user = await tx.user.upsert({ where: { email }, create: { ...data, uid, email }, update: {} });
  return { user, created: user.uid === uid };
}
