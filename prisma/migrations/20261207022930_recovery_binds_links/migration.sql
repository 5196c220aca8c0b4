-- AlterTable
ALTER TABLE "EmailToken" ADD COLUMN     "userVersion" INTEGER;

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "linkCopiedById" INTEGER;

-- Links pending now stay valid until their person's next recovery: bind each
-- to the session version its person has today.
UPDATE "EmailToken" t SET "userVersion" = u."sessionVersion"
FROM "User" u
WHERE t."usedAt" IS NULL AND u.id = t."userId";

UPDATE "EmailToken" t SET "userVersion" = u."sessionVersion"
FROM "User" u
WHERE t."usedAt" IS NULL AND t."userId" IS NULL AND u.email = t.email;
