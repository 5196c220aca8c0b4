-- CreateTable
CREATE TABLE "MemberActivity" (
    "membershipId" INTEGER NOT NULL,
    "lastActiveAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemberActivity_pkey" PRIMARY KEY ("membershipId")
);

-- AddForeignKey
ALTER TABLE "MemberActivity" ADD CONSTRAINT "MemberActivity_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What is known already: the last use of each member's API keys in this account.
-- (User."lastSignInAt" is not per account, so it does not count here.)
INSERT INTO "MemberActivity" ("membershipId", "lastActiveAt")
SELECT "membershipId", max("lastUsedAt") FROM "ApiCredential"
WHERE "lastUsedAt" IS NOT NULL GROUP BY "membershipId";
