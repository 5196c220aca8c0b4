-- CreateEnum
CREATE TYPE "SsoPolicy" AS ENUM ('OPTIONAL', 'REQUIRED');

-- CreateEnum
CREATE TYPE "SsoType" AS ENUM ('OIDC', 'SAML');

-- CreateEnum
CREATE TYPE "SsoState" AS ENUM ('DRAFT', 'ACTIVE', 'INACTIVE');

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "ssoPolicy" "SsoPolicy" NOT NULL DEFAULT 'OPTIONAL';

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "connectionId" INTEGER,
ADD COLUMN     "ssoAccountId" INTEGER;

-- CreateTable
CREATE TABLE "SsoConnection" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "type" "SsoType" NOT NULL,
    "name" TEXT NOT NULL,
    "state" "SsoState" NOT NULL DEFAULT 'DRAFT',
    "issuer" TEXT,
    "clientId" TEXT,
    "clientSecret" TEXT,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "idpEntityId" TEXT,
    "idpSsoUrl" TEXT,
    "idpCertificates" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "allowIdpInitiated" BOOLEAN NOT NULL DEFAULT false,
    "spPrivateKey" TEXT,
    "spCertificate" TEXT,
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "updateProfile" BOOLEAN NOT NULL DEFAULT true,
    "trustIdpMfa" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SsoConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SsoIdentity" (
    "id" SERIAL NOT NULL,
    "connectionId" INTEGER NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" TIMESTAMP(3),

    CONSTRAINT "SsoIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SsoRequest" (
    "id" TEXT NOT NULL,
    "connectionId" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "browserHash" TEXT NOT NULL,
    "nonce" TEXT,
    "codeVerifier" TEXT,
    "userId" INTEGER,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "SsoRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SamlAssertionSeen" (
    "id" TEXT NOT NULL,
    "connectionId" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SamlAssertionSeen_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SsoConnection_accountId_idx" ON "SsoConnection"("accountId");

-- CreateIndex
CREATE INDEX "SsoIdentity_userId_idx" ON "SsoIdentity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "SsoIdentity_connectionId_subject_key" ON "SsoIdentity"("connectionId", "subject");

-- CreateIndex
CREATE INDEX "SsoRequest_expiresAt_idx" ON "SsoRequest"("expiresAt");

-- CreateIndex
CREATE INDEX "SamlAssertionSeen_expiresAt_idx" ON "SamlAssertionSeen"("expiresAt");

-- AddForeignKey
ALTER TABLE "SsoConnection" ADD CONSTRAINT "SsoConnection_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SsoIdentity" ADD CONSTRAINT "SsoIdentity_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "SsoConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SsoIdentity" ADD CONSTRAINT "SsoIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SsoRequest" ADD CONSTRAINT "SsoRequest_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "SsoConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
