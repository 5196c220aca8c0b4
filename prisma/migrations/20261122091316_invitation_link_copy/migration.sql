-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "sentAt" TIMESTAMP(3),
ADD COLUMN     "tokenEncrypted" TEXT;
