import "server-only";
import { getDb } from "../../platform/db/client";
import { DomainError } from "../../platform/errors";
import { idSchema, parseInput } from "../../platform/validation";

/** The name shown on the public "ask to join" page. */
export async function publicAccountName(rawId: unknown): Promise<string> {
  const id = parseInput(idSchema, rawId);
  const db = await getDb();
  const a = await db.account.findUnique({ where: { id }, select: { name: true } });
  if (!a) throw new DomainError("not_found", "This account does not exist");
  return a.name;
}
