import "server-only";
import { z } from "zod";
import { getDb } from "../../platform/db/client";
import { emailSchema, parseInput } from "../../platform/validation";
import { startPath } from "./endpoints";
import { emailDomain } from "./mapping";

// Email-first sign-in (SPEC §7): an email at a domain verified by an account
// with an active connection signs in there; any other email, known or not,
// uses a password. The answer depends on the domain only, never on the person.

export type Discovery = { method: "sso"; url: string } | { method: "password" };

export async function discoverSignIn(raw: unknown): Promise<Discovery> {
  const { email } = parseInput(z.object({ email: emailSchema }).strict(), raw);
  const domain = emailDomain(email);
  if (!domain) return { method: "password" };
  const db = await getDb();
  const claim = await db.domainClaim.findUnique({ where: { domain }, include: { owner: true } });
  if (claim?.owner.status !== "VERIFIED") return { method: "password" };
  const conn = await db.ssoConnection.findFirst({
    where: { accountId: claim.owner.accountId, state: "ACTIVE" },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  return conn ? { method: "sso", url: startPath(conn.id) } : { method: "password" };
}
