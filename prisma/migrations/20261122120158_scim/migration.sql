-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "externalId" TEXT;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "externalId" TEXT;

-- CreateTable
CREATE TABLE "ScimToken" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "membershipId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ScimToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ScimToken_tokenHash_key" ON "ScimToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ScimToken_accountId_createdAt_idx" ON "ScimToken"("accountId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Group_accountId_externalId_key" ON "Group"("accountId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_accountId_externalId_key" ON "Membership"("accountId", "externalId");

-- AddForeignKey
ALTER TABLE "ScimToken" ADD CONSTRAINT "ScimToken_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScimToken" ADD CONSTRAINT "ScimToken_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;
