-- AlterTable
ALTER TABLE "SsoRequest" ADD COLUMN     "returnTo" TEXT;
