-- Names sort and search as people expect in a multilingual directory:
-- accents, case and punctuation folded (Álvarez beside Alvarez, Ødegård as
-- "odegard", O'Brien beside Obrien), ties broken by the other name, blanks
-- last both ways; search matches every word of a query anywhere in the names,
-- email, title and department, through a trigram index.
-- The extensions are trusted (PostgreSQL 13+): a database owner may create them.
-- btree_gin puts the account id in the trigram index: a word common across
-- accounts ("engineer") is narrowed to one account inside the index.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- Case and accents folded: "ÅBERG" → "aberg", "Straße" → "strasse", "Łukasz" → "lukasz".
-- lower() follows its input's collation, and a sort key column is COLLATE "C"
-- (ASCII only): fold under a Unicode-aware collation (ICU's root, else
-- PostgreSQL 17's builtin C.UTF-8, else the database's own) so Cyrillic and
-- Greek lower too, whatever the arguments' collations.
DO $$
DECLARE c TEXT := COALESCE(
  (SELECT quote_ident(collname) FROM pg_collation WHERE collname IN ('und-x-icu', 'pg_c_utf8')
   ORDER BY collname = 'und-x-icu' DESC LIMIT 1),
  'pg_catalog."default"');
BEGIN
  EXECUTE 'CREATE FUNCTION roster_fold(v TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS '
    || quote_literal('SELECT lower(unaccent(''unaccent''::regdictionary, v) COLLATE ' || c || ')');
END $$;

-- A name as it sorts: folded, apostrophes, periods and dashes dropped, spaces single.
CREATE FUNCTION roster_name_key(v TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT btrim(regexp_replace(translate(roster_fold(v), $c$'’‘`´.-‐‑‒–—$c$, ''), '\s+', ' ', 'g')) $$;

-- The stored key: blank (nothing left) keys as U+10FFFF, last when ascending
-- (roster_desc_key makes it last when descending).
CREATE FUNCTION roster_name_sort_key(v TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT COALESCE(NULLIF(roster_name_key(v), ''), U&'\+10FFFF') COLLATE "C" $$;

-- What search reads: every searchable field folded in one pass, and names
-- with punctuation once more without it (so "obrien" finds O'Brien). NULLs are
-- skipped. One fold per row: an import keys 100,000 members in seconds.
CREATE FUNCTION roster_search_text(first TEXT, middle TEXT, last TEXT, display TEXT, title TEXT,
                                   department TEXT, username TEXT, email TEXT)
  RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT roster_fold(concat_ws(' ', first, middle, last, display, title, department, username, email,
                                     NULLIF(translate(first, $c$'’‘`´.-‐‑‒–—$c$, ''), first),
                                     NULLIF(translate(last, $c$'’‘`´.-‐‑‒–—$c$, ''), last))) $$;

CREATE OR REPLACE FUNCTION roster_membership_sort_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A bulk import computes the keys in its own statement.
  IF TG_OP = 'INSERT' AND NEW."sortLastName" <> '' AND NEW."searchText" <> '' THEN
    RETURN NEW;
  END IF;
  NEW."sortLastName" := roster_name_sort_key(NEW."lastName");
  NEW."sortFirstName" := roster_name_sort_key(NEW."firstName");
  IF TG_OP = 'INSERT' OR NEW."userId" IS DISTINCT FROM OLD."userId" THEN
    SELECT roster_sort_key(u."email") INTO NEW."sortEmail" FROM "User" u WHERE u.id = NEW."userId";
  END IF;
  NEW."searchText" := roster_search_text(NEW."firstName", NEW."middleName", NEW."lastName", NEW."displayName",
    NEW."title", NEW."department", NEW."username", NULLIF(NEW."sortEmail", U&'\+10FFFF'));
  RETURN NEW;
END $$;
-- A person's new email reaches "sortEmail" (roster_user_sort_keys), and through it the search text.
DROP TRIGGER "Membership_sort_keys" ON "Membership";
CREATE TRIGGER "Membership_sort_keys" BEFORE INSERT OR UPDATE OF "userId", "lastName", "firstName", "middleName",
  "displayName", "title", "department", "username", "sortEmail" ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION roster_membership_sort_keys();

-- DropIndex
DROP INDEX "Membership_accountId_sortFirstName_userId_idx";
DROP INDEX "Membership_accountId_sortLastName_userId_idx";
DROP INDEX "Membership_accountId_status_sortLastName_userId_idx";
DROP INDEX "Membership_accountId_descLastName_userId_idx";
DROP INDEX "Membership_accountId_descFirstName_userId_idx";
DROP INDEX "Membership_accountId_status_descLastName_userId_idx";

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- Every existing member keyed anew (the trigger does not fire: no listed column is set).
UPDATE "Membership" SET
  "sortLastName" = roster_name_sort_key("lastName"),
  "sortFirstName" = roster_name_sort_key("firstName"),
  "searchText" = roster_search_text("firstName", "middleName", "lastName", "displayName", "title", "department",
                                    "username", NULLIF("sortEmail", U&'\+10FFFF'));

-- CreateIndex
CREATE INDEX "Membership_accountId_sortLastName_sortFirstName_userId_idx" ON "Membership"("accountId", "sortLastName", "sortFirstName", "userId");

-- CreateIndex
CREATE INDEX "Membership_accountId_sortFirstName_sortLastName_userId_idx" ON "Membership"("accountId", "sortFirstName", "sortLastName", "userId");

-- CreateIndex
CREATE INDEX "Membership_accountId_status_sortLastName_sortFirstName_user_idx" ON "Membership"("accountId", "status", "sortLastName", "sortFirstName", "userId");

-- CreateIndex
CREATE INDEX "Membership_accountId_searchText_idx" ON "Membership" USING GIN ("accountId", "searchText" gin_trgm_ops);

-- Descending orders, their tie-break descending too (Prisma's diff ignores expression indexes).
CREATE INDEX "Membership_accountId_descLastName_descFirstName_userId_idx"
  ON "Membership" ("accountId", roster_desc_key("sortLastName"), roster_desc_key("sortFirstName"), "userId");
CREATE INDEX "Membership_accountId_descFirstName_descLastName_userId_idx"
  ON "Membership" ("accountId", roster_desc_key("sortFirstName"), roster_desc_key("sortLastName"), "userId");
CREATE INDEX "Membership_accountId_status_descNames_userId_idx"
  ON "Membership" ("accountId", "status", roster_desc_key("sortLastName"), roster_desc_key("sortFirstName"), "userId");
