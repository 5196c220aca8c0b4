-- Blank names and emails sort last in both directions (seed 003: sort=-lastName).
-- A blank (missing, empty or only spaces) keys as U+10FFFF: last when ascending.
-- Descending reads roster_desc_key(key), where a blank keys as '' (last when
-- descending), through an index of its own: every order stays one index range.
CREATE OR REPLACE FUNCTION roster_sort_key(v TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT COALESCE(NULLIF(lower(btrim(v)), ''), U&'\+10FFFF') COLLATE "C" $$;

CREATE FUNCTION roster_desc_key(k TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (CASE WHEN k = U&'\+10FFFF' THEN '' ELSE k END) COLLATE "C" $$;

-- Keys of names that were empty or spaces: now blank.
UPDATE "Membership" SET "sortLastName" = roster_sort_key("lastName")
  WHERE "sortLastName" IS DISTINCT FROM roster_sort_key("lastName");
UPDATE "Membership" SET "sortFirstName" = roster_sort_key("firstName")
  WHERE "sortFirstName" IS DISTINCT FROM roster_sort_key("firstName");
UPDATE "Membership" m SET "sortEmail" = roster_sort_key(u."email")
  FROM "User" u WHERE u.id = m."userId" AND m."sortEmail" IS DISTINCT FROM roster_sort_key(u."email");

CREATE INDEX "Membership_accountId_descLastName_userId_idx"
  ON "Membership" ("accountId", roster_desc_key("sortLastName"), "userId");
CREATE INDEX "Membership_accountId_descFirstName_userId_idx"
  ON "Membership" ("accountId", roster_desc_key("sortFirstName"), "userId");
CREATE INDEX "Membership_accountId_descEmail_userId_idx"
  ON "Membership" ("accountId", roster_desc_key("sortEmail"), "userId");
CREATE INDEX "Membership_accountId_status_descLastName_userId_idx"
  ON "Membership" ("accountId", "status", roster_desc_key("sortLastName"), "userId");
