-- CreateEnum
CREATE TYPE "DomainStatus" AS ENUM ('PENDING', 'VERIFIED', 'LAPSED');

-- CreateEnum
CREATE TYPE "DomainEnrollment" AS ENUM ('OFF', 'SUGGEST', 'AUTO_JOIN');

-- CreateTable
CREATE TABLE "AccountDomain" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "domain" TEXT NOT NULL,
    "status" "DomainStatus" NOT NULL DEFAULT 'PENDING',
    "token" TEXT NOT NULL,
    "enrollment" "DomainEnrollment" NOT NULL DEFAULT 'OFF',
    "defaultRole" "Role" NOT NULL DEFAULT 'REGULAR',
    "verifiedAt" TIMESTAMP(3),
    "checkedAt" TIMESTAMP(3),
    "lastFound" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AccountDomain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DomainClaim" (
    "domain" TEXT NOT NULL,
    "domainId" INTEGER NOT NULL,

    CONSTRAINT "DomainClaim_pkey" PRIMARY KEY ("domain")
);

-- CreateIndex
CREATE INDEX "AccountDomain_domain_idx" ON "AccountDomain"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "AccountDomain_accountId_domain_key" ON "AccountDomain"("accountId", "domain");

-- CreateIndex
CREATE UNIQUE INDEX "DomainClaim_domainId_key" ON "DomainClaim"("domainId");

-- AddForeignKey
ALTER TABLE "AccountDomain" ADD CONSTRAINT "AccountDomain_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DomainClaim" ADD CONSTRAINT "DomainClaim_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "AccountDomain"("id") ON DELETE CASCADE ON UPDATE CASCADE;
