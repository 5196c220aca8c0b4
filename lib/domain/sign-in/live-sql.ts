import { Prisma } from "../../generated/prisma/client";

/**
 * SQL that is true while the session `sid` of person `u` stands: its row is
 * not ended nor expired, and the person's version has not moved on since
 * (a password change or reset, an email change, "sign out everywhere").
 */
export function sessionLiveSql(sid: string | null, sv: number | null): Prisma.Sql {
  return Prisma.sql`u."sessionVersion" = ${sv}::int AND EXISTS (
    SELECT 1 FROM "Session" s
    WHERE s.id = ${sid}::text AND s."userId" = u.id AND s."endedAt" IS NULL AND s."expiresAt" > now())`;
}

/**
 * SQL that is true while session `sid` may still act as membership `m` of
 * person `u`: it stands, no admin required a new sign-in since it began, and
 * the account's 2-step policy does not cover a one-factor session, and its
 * SSO rules admit the session (see access.ts). Checked
 * again under the account lock, so a policy change orders with every write.
 */
export function sessionActsSql(sid: string | null, sv: number | null): Prisma.Sql {
  return Prisma.sql`${sessionLiveSql(sid, sv)} AND EXISTS (
    SELECT 1 FROM "Session" s JOIN "Account" a ON a.id = m."accountId"
    WHERE s.id = ${sid}::text
      AND (m."sessionsNotBefore" IS NULL OR s."createdAt" >= m."sessionsNotBefore")
      AND (s."ssoAccountId" IS NULL OR s."ssoAccountId" = m."accountId")
      AND (a."ssoPolicy" = 'OPTIONAL' OR s."ssoAccountId" = a.id OR (m.role = 'SUPER' AND s.level >= 2))
      AND (s.level >= 2 OR a."mfaPolicy" = 'OFF' OR (a."mfaPolicy" = 'ADMINS' AND m.role NOT IN ('ADMIN', 'SUPER'))))`;
}
