-- DropIndex
DROP INDEX "Membership_accountId_createdAt_idx";

-- DropIndex
DROP INDEX "Membership_accountId_role_idx";

-- DropIndex
DROP INDEX "Membership_accountId_status_idx";

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "membersVersion" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
-- Sort keys compare byte by byte (COLLATE "C"): the same order on every server,
-- whatever its locale, and a prefix is an index range.
ALTER TABLE "Membership" ADD COLUMN     "sortEmail" TEXT COLLATE "C" NOT NULL DEFAULT '',
ADD COLUMN     "sortFirstName" TEXT COLLATE "C" NOT NULL DEFAULT '',
ADD COLUMN     "sortLastName" TEXT COLLATE "C" NOT NULL DEFAULT '';

-- A user's value as a sort key: lower-cased; a missing value sorts after every
-- real one (U+10FFFF is the highest code point).
CREATE FUNCTION roster_sort_key(v TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT COALESCE(lower(v), U&'\+10FFFF') COLLATE "C" $$;

UPDATE "Membership" m SET
  "sortLastName" = roster_sort_key(u."lastName"),
  "sortFirstName" = roster_sort_key(u."firstName"),
  "sortEmail" = roster_sort_key(u."email")
FROM "User" u WHERE u.id = m."userId";

-- A new membership takes its user's sort keys (a bulk insert may give them
-- itself, computed by roster_sort_key from the same user row).
CREATE FUNCTION roster_membership_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW."sortLastName" <> '' THEN
    RETURN NEW;
  END IF;
  SELECT roster_sort_key(u."lastName"), roster_sort_key(u."firstName"), roster_sort_key(u."email")
    INTO NEW."sortLastName", NEW."sortFirstName", NEW."sortEmail"
    FROM "User" u WHERE u.id = NEW."userId";
  RETURN NEW;
END $$;
CREATE TRIGGER "Membership_sort_keys" BEFORE INSERT OR UPDATE OF "userId" ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION roster_membership_sort_keys();

-- A user's change reaches the sort keys of every membership of theirs.
CREATE FUNCTION roster_user_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Membership" m SET
    "sortLastName" = roster_sort_key(u."lastName"),
    "sortFirstName" = roster_sort_key(u."firstName"),
    "sortEmail" = roster_sort_key(u."email")
  FROM changed u
  WHERE m."userId" = u.id AND (
    m."sortLastName" IS DISTINCT FROM roster_sort_key(u."lastName") OR
    m."sortFirstName" IS DISTINCT FROM roster_sort_key(u."firstName") OR
    m."sortEmail" IS DISTINCT FROM roster_sort_key(u."email"));
  UPDATE "Account" SET "membersVersion" = "membersVersion" + 1
  WHERE id IN (SELECT m."accountId" FROM "Membership" m JOIN changed u ON m."userId" = u.id);
  RETURN NULL;
END $$;
CREATE TRIGGER "User_changed" AFTER UPDATE ON "User" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION roster_user_sort_keys();

-- Any change to an account's memberships bumps its list version (once per statement).
CREATE FUNCTION roster_bump_members_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Account" SET "membersVersion" = "membersVersion" + 1
  WHERE id IN (SELECT DISTINCT "accountId" FROM changed);
  RETURN NULL;
END $$;
CREATE TRIGGER "Membership_inserted" AFTER INSERT ON "Membership" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION roster_bump_members_version();
CREATE TRIGGER "Membership_updated" AFTER UPDATE ON "Membership" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION roster_bump_members_version();
CREATE TRIGGER "Membership_deleted" AFTER DELETE ON "Membership" REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION roster_bump_members_version();

-- Group places filter lists too.
CREATE FUNCTION roster_bump_group_members_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Account" SET "membersVersion" = "membersVersion" + 1
  WHERE id IN (SELECT DISTINCT m."accountId" FROM "Membership" m JOIN changed c ON c."membershipId" = m.id);
  RETURN NULL;
END $$;
CREATE TRIGGER "GroupMember_inserted" AFTER INSERT ON "GroupMember" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION roster_bump_group_members_version();
CREATE TRIGGER "GroupMember_deleted" AFTER DELETE ON "GroupMember" REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION roster_bump_group_members_version();

-- CreateIndex
CREATE INDEX "Membership_accountId_userId_idx" ON "Membership"("accountId", "userId");

-- CreateIndex
CREATE INDEX "Membership_accountId_sortLastName_userId_idx" ON "Membership"("accountId", "sortLastName", "userId");

-- CreateIndex
CREATE INDEX "Membership_accountId_sortFirstName_userId_idx" ON "Membership"("accountId", "sortFirstName", "userId");

-- CreateIndex
CREATE INDEX "Membership_accountId_sortEmail_userId_idx" ON "Membership"("accountId", "sortEmail", "userId");

-- CreateIndex
CREATE INDEX "Membership_accountId_status_sortLastName_userId_idx" ON "Membership"("accountId", "status", "sortLastName", "userId");

-- CreateIndex
CREATE INDEX "Membership_accountId_role_userId_idx" ON "Membership"("accountId", "role", "userId");

-- CreateIndex
CREATE INDEX "Membership_accountId_createdAt_userId_idx" ON "Membership"("accountId", "createdAt", "userId");
