-- DropIndex
DROP INDEX "User_lastName_idx";

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "company" TEXT,
ADD COLUMN     "contributeAs" TEXT,
ADD COLUMN     "department" TEXT,
ADD COLUMN     "displayName" TEXT,
ADD COLUMN     "fax" TEXT,
ADD COLUMN     "firstName" TEXT,
ADD COLUMN     "gender" "Gender" NOT NULL DEFAULT 'unknown',
ADD COLUMN     "lastName" TEXT,
ADD COLUMN     "middleName" TEXT,
ADD COLUMN     "pager" TEXT,
ADD COLUMN     "personId" TEXT,
ADD COLUMN     "phoneHome" TEXT,
ADD COLUMN     "phoneMobile" TEXT,
ADD COLUMN     "phoneOffice" TEXT,
ADD COLUMN     "phoneOther" TEXT,
ADD COLUMN     "phoneTollFree" TEXT,
ADD COLUMN     "termsAccepted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "termsAcceptedAt" TIMESTAMP(3),
ADD COLUMN     "title" TEXT,
ADD COLUMN     "username" TEXT,
ADD COLUMN     "website" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lastSignInAt" TIMESTAMP(3),
ADD COLUMN     "legacyProfile" JSONB,
ADD COLUMN     "passwordAccountId" INTEGER,
ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- Every membership starts with the profile its person had: nothing is lost,
-- and from here on each account edits its own copy.
UPDATE "Membership" m SET
  "username" = u."username",
  "firstName" = u."firstName",
  "middleName" = u."middleName",
  "lastName" = u."lastName",
  "displayName" = u."displayName",
  "company" = u."company",
  "title" = u."title",
  "department" = u."department",
  "website" = u."website",
  "phoneHome" = u."phoneHome",
  "phoneOffice" = u."phoneOffice",
  "phoneMobile" = u."phoneMobile",
  "phoneTollFree" = u."phoneTollFree",
  "phoneOther" = u."phoneOther",
  "pager" = u."pager",
  "fax" = u."fax",
  "gender" = u."gender",
  "personId" = u."personId",
  "contributeAs" = u."contributeAs",
  "termsAccepted" = u."termsAccepted",
  "termsAcceptedAt" = u."termsAcceptedAt"
FROM "User" u WHERE u.id = m."userId";

-- People in no account keep their old profile aside (no account may see it).
UPDATE "User" u SET "legacyProfile" = jsonb_strip_nulls(jsonb_build_object(
  'username', u."username",
  'firstName', u."firstName",
  'middleName', u."middleName",
  'lastName', u."lastName",
  'displayName', u."displayName",
  'company', u."company",
  'title', u."title",
  'department', u."department",
  'website', u."website",
  'phoneHome', u."phoneHome",
  'phoneOffice', u."phoneOffice",
  'phoneMobile', u."phoneMobile",
  'phoneTollFree', u."phoneTollFree",
  'phoneOther', u."phoneOther",
  'pager', u."pager",
  'fax', u."fax",
  'gender', u."gender",
  'personId', u."personId",
  'contributeAs', u."contributeAs",
  'termsAccepted', u."termsAccepted",
  'termsAcceptedAt', u."termsAcceptedAt"
)) WHERE NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u.id);

-- Sort keys now come from the membership's own names (and its person's email).
CREATE OR REPLACE FUNCTION roster_membership_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW."sortLastName" <> '' THEN
    RETURN NEW;
  END IF;
  NEW."sortLastName" := roster_sort_key(NEW."lastName");
  NEW."sortFirstName" := roster_sort_key(NEW."firstName");
  IF TG_OP = 'INSERT' OR NEW."userId" IS DISTINCT FROM OLD."userId" THEN
    SELECT roster_sort_key(u."email") INTO NEW."sortEmail" FROM "User" u WHERE u.id = NEW."userId";
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER "Membership_sort_keys" ON "Membership";
CREATE TRIGGER "Membership_sort_keys" BEFORE INSERT OR UPDATE OF "userId", "lastName", "firstName" ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION roster_membership_sort_keys();

-- A person's new email reaches the sort key of every membership of theirs
-- (other changes to a person — sign-ins, session versions — leave lists alone).
CREATE OR REPLACE FUNCTION roster_user_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Membership" m SET "sortEmail" = roster_sort_key(n."email")
  FROM changed n JOIN previous o ON o.id = n.id
  WHERE m."userId" = n.id AND n."email" IS DISTINCT FROM o."email";
  UPDATE "Account" SET "membersVersion" = "membersVersion" + 1
  WHERE id IN (SELECT m."accountId" FROM "Membership" m JOIN changed n ON m."userId" = n.id
               JOIN previous o ON o.id = n.id
               WHERE n."email" IS DISTINCT FROM o."email" OR n."emailStatus" IS DISTINCT FROM o."emailStatus");
  RETURN NULL;
END $$;
DROP TRIGGER "User_changed" ON "User";
CREATE TRIGGER "User_changed" AFTER UPDATE ON "User" REFERENCING NEW TABLE AS changed OLD TABLE AS previous
  FOR EACH STATEMENT EXECUTE FUNCTION roster_user_sort_keys();

-- AlterTable
ALTER TABLE "User" DROP COLUMN "company",
DROP COLUMN "contributeAs",
DROP COLUMN "department",
DROP COLUMN "displayName",
DROP COLUMN "fax",
DROP COLUMN "firstName",
DROP COLUMN "gender",
DROP COLUMN "lastName",
DROP COLUMN "middleName",
DROP COLUMN "pager",
DROP COLUMN "personId",
DROP COLUMN "phoneHome",
DROP COLUMN "phoneMobile",
DROP COLUMN "phoneOffice",
DROP COLUMN "phoneOther",
DROP COLUMN "phoneTollFree",
DROP COLUMN "termsAccepted",
DROP COLUMN "termsAcceptedAt",
DROP COLUMN "title",
DROP COLUMN "username",
DROP COLUMN "website";

-- CreateTable
CREATE TABLE "EmailToken" (
    "id" SERIAL NOT NULL,
    "purpose" TEXT NOT NULL,
    "userId" INTEGER,
    "email" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EndedSession" (
    "sid" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EndedSession_pkey" PRIMARY KEY ("sid")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailToken_tokenHash_key" ON "EmailToken"("tokenHash");

-- CreateIndex
CREATE INDEX "EmailToken_userId_purpose_idx" ON "EmailToken"("userId", "purpose");

-- CreateIndex
CREATE INDEX "EmailToken_expiresAt_idx" ON "EmailToken"("expiresAt");

-- CreateIndex
CREATE INDEX "EndedSession_expiresAt_idx" ON "EndedSession"("expiresAt");

-- AddForeignKey
ALTER TABLE "EmailToken" ADD CONSTRAINT "EmailToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
