-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lastAccountId" INTEGER;
