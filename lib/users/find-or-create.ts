import { randomBytes } from "node:crypto";
import type { Prisma, User } from "../generated/prisma/client";
import type { Tx } from "../tx";

export const newUid = () => randomBytes(32).toString("hex");

/** The user with this email, created from `data` when new (atomic: INSERT … ON CONFLICT). */
export async function findOrCreateUser(
  tx: Tx,
  email: string,
  data: Omit<Prisma.UserCreateInput, "uid" | "email">,
): Promise<{ user: User; created: boolean }> {
  const existing = await tx.user.findUnique({ where: { email } });
  if (existing) return { user: existing, created: false };
  const uid = newUid();
  const user = await tx.user.upsert({ where: { email }, create: { ...data, uid, email }, update: {} });
  return { user, created: user.uid === uid };
}
