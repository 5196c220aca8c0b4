-- Sessions become rows (SPEC §7). Sessions signed in before this upgrade have
-- no row and end: their strength (how many factors) is unknown, so everyone
-- signs in once more. EndedSession only listed ids of signed-out sessions,
-- which no row-backed session can carry, so it goes.

-- CreateEnum
CREATE TYPE "MfaPolicy" AS ENUM ('OFF', 'ADMINS', 'EVERYONE');

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "mfaPolicy" "MfaPolicy" NOT NULL DEFAULT 'OFF',
ADD COLUMN     "securityVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "sessionsNotBefore" TIMESTAMP(3);

-- DropTable
DROP TABLE "EndedSession";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "methods" TEXT[],
    "level" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verifiedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "userAgent" TEXT,
    "ip" TEXT,
    "endedAt" TIMESTAMP(3),
    "endedBy" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecondFactor" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretSealed" TEXT,
    "lastStep" BIGINT,
    "credentialId" TEXT,
    "publicKey" BYTEA,
    "counter" BIGINT NOT NULL DEFAULT 0,
    "transports" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "confirmedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SecondFactor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInChallenge" (
    "idHash" TEXT NOT NULL,
    "userId" INTEGER,
    "methods" TEXT[],
    "browserHash" TEXT NOT NULL,
    "webauthnChallenge" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignInChallenge_pkey" PRIMARY KEY ("idHash")
);

-- CreateIndex
CREATE INDEX "Session_userId_createdAt_idx" ON "Session"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "SecondFactor_credentialId_key" ON "SecondFactor"("credentialId");

-- CreateIndex
CREATE INDEX "SecondFactor_userId_idx" ON "SecondFactor"("userId");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE INDEX "SignInChallenge_expiresAt_idx" ON "SignInChallenge"("expiresAt");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_id_idx" ON "AuditEvent"("targetType", "targetId", "id");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecondFactor" ADD CONSTRAINT "SecondFactor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignInChallenge" ADD CONSTRAINT "SignInChallenge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Member lists can filter by "signs in with a second factor": a factor
-- confirmed or removed bumps the list version of every account of its person
-- (sign-ins, which only move a factor's last step or counter, do not).
CREATE FUNCTION roster_factor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    UPDATE "Account" SET "membersVersion" = "membersVersion" + 1
    WHERE id IN (SELECT m."accountId" FROM "Membership" m JOIN changed n ON m."userId" = n."userId"
                 JOIN previous o ON o.id = n.id
                 WHERE (n."confirmedAt" IS NULL) <> (o."confirmedAt" IS NULL));
  ELSE
    UPDATE "Account" SET "membersVersion" = "membersVersion" + 1
    WHERE id IN (SELECT m."accountId" FROM "Membership" m JOIN changed c ON m."userId" = c."userId"
                 WHERE c."confirmedAt" IS NOT NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "SecondFactor_inserted" AFTER INSERT ON "SecondFactor" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION roster_factor_changed();
CREATE TRIGGER "SecondFactor_updated" AFTER UPDATE ON "SecondFactor" REFERENCING NEW TABLE AS changed OLD TABLE AS previous
  FOR EACH STATEMENT EXECUTE FUNCTION roster_factor_changed();
CREATE TRIGGER "SecondFactor_deleted" AFTER DELETE ON "SecondFactor" REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION roster_factor_changed();
