import "server-only";
import { getDb } from "../db/client";
import { emailSchema } from "../users/profile";
import { verifyPassword } from "./passwords";

/** Checks email and password; answers the user, or null without saying which part was wrong. */
export async function verifySignIn(email: unknown, password: unknown) {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success || typeof password !== "string") return null;
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email: parsed.data } });
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!ok || !user) return null;
  return {
    id: user.id,
    email: parsed.data,
    name: [user.firstName, user.lastName].filter(Boolean).join(" ") || parsed.data,
  };
}
