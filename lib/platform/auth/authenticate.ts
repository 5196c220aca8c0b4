import "server-only";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import type { MemberActor, Origin } from "./actor";
import { isKeyId, parseApiKey, secretMatches } from "./api-key";
import { noteKeyUsed } from "./last-used";
import { noteMemberActive } from "./member-activity";

/** The API key forms of SPEC §4, read from request headers. */
export function apiKeyFromHeaders(headers: Headers): { keyId: string; secret: string } | null | "malformed" {
  const auth = headers.get("authorization");
  const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const single = bearer ?? headers.get("admin_api_key") ?? headers.get("admin-api-key");
  const xKey = headers.get("x-api-key")?.trim();
  const xSecret = headers.get("x-api-secret")?.trim();
  if (xKey && xSecret) {
    return isKeyId(xKey) ? { keyId: xKey, secret: xSecret } : "malformed";
  }
  const value = single?.trim() ?? xKey;
  if (!value) return null;
  return parseApiKey(value) ?? "malformed";
}

/** Resolves an API key to its member; only a live key of an ACTIVE membership authenticates. */
export async function authenticateApiKey(
  key: { keyId: string; secret: string },
  origin: Origin = {},
): Promise<MemberActor> {
  const db = await getDb();
  // One statement per request: the key and its membership.
  const [credential] = await db.$queryRaw<
    {
      id: number;
      secretHash: string;
      revokedAt: Date | null;
      membershipId: number;
      userId: number;
      accountId: number;
      role: MemberActor["role"];
      status: string;
    }[]
  >`SELECT c.id, c."secretHash", c."revokedAt", m.id AS "membershipId", m."userId", m."accountId",
           m.role::text AS role, m.status::text AS status
    FROM "ApiCredential" c JOIN "Membership" m ON m.id = c."membershipId"
    WHERE c."keyId" = ${key.keyId}`;
  const ok =
    credential !== undefined &&
    secretMatches(key.secret, credential.secretHash) &&
    credential.revokedAt === null &&
    credential.status === "ACTIVE";
  if (!ok || !credential) throw new DomainError("unauthenticated", "Invalid or inactive API key");
  noteKeyUsed(credential.id);
  noteMemberActive(credential.membershipId);
  return {
    kind: "member",
    via: "api_key",
    userId: credential.userId,
    accountId: credential.accountId,
    membershipId: credential.membershipId,
    role: credential.role,
    credentialId: credential.id,
    ...origin,
  };
}

/** The ACTIVE member a user is in an account (the operator acting for an admin; no session involved). */
export async function memberActorForUser(userId: number, accountId: number): Promise<MemberActor | null> {
  const db = await getDb();
  const m = await db.membership.findFirst({ where: { userId, accountId, status: "ACTIVE" } });
  if (!m) return null;
  return { kind: "member", via: "session", userId, accountId, membershipId: m.id, role: m.role };
}

/** The ACTIVE member an email names in an account, as the operator CLI acts for them (audited as "cli"). */
export async function memberByEmail(accountId: number, email: string): Promise<MemberActor | null> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) return null;
  const actor = await memberActorForUser(user.id, accountId);
  return actor && actor.accountId === accountId ? { ...actor, via: "cli" } : null;
}
