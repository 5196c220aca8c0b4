-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "usernameKey" TEXT;

-- CreateIndex
CREATE INDEX "Membership_accountId_usernameKey_idx" ON "Membership"("accountId", "usernameKey");

-- usernameKey is lower(username), kept by the database itself.
CREATE FUNCTION roster_username_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."usernameKey" := lower(NEW."username");
  RETURN NEW;
END $$;
CREATE TRIGGER "Membership_username_key" BEFORE INSERT OR UPDATE OF "username" ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION roster_username_key();
UPDATE "Membership" SET "usernameKey" = lower("username") WHERE "username" IS NOT NULL;
