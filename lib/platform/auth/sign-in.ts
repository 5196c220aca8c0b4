import "server-only";
import { getDb } from "../db/client";
import { emailSchema } from "../validation";
import { verifyPassword } from "./passwords";

/**
 * Checks email and password; answers the person, or null without saying which
 * part was wrong (an unknown email costs a hash like a known one).
 */
export async function verifySignIn(email: unknown, password: unknown) {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success || typeof password !== "string") return null;
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email: parsed.data } });
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!ok || !user) return null;
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  return { id: user.id, email: parsed.data, name: parsed.data, sessionVersion: user.sessionVersion };
}
