-- A group's or policy's name is one name whatever its case: "Engineering" and
-- "engineering" cannot both exist in an account. Where both exist today the
-- oldest keeps its name and each later one gets its id appended ("engineering (17)").
WITH later AS (
  SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY "accountId", lower(name) ORDER BY id) AS n FROM "Group") g
  WHERE n > 1
)
UPDATE "Group" SET name = name || ' (' || id || ')' WHERE id IN (SELECT id FROM later);

WITH later AS (
  SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY "accountId", lower(name) ORDER BY id) AS n FROM "Policy") p
  WHERE n > 1
)
UPDATE "Policy" SET name = name || ' (' || id || ')' WHERE id IN (SELECT id FROM later);

-- Prisma's diff ignores expression indexes; the domain checks first and says which name is taken.
CREATE UNIQUE INDEX "Group_accountId_lowerName_key" ON "Group" ("accountId", lower(name));
CREATE UNIQUE INDEX "Policy_accountId_lowerName_key" ON "Policy" ("accountId", lower(name));
