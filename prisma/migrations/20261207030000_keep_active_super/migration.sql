-- SPEC §2: an account always keeps at least one ACTIVE SUPER. The domain
-- checks it in every verb (assertKeepsActiveSuper) with a clear answer; this
-- trigger holds it for any statement that forgets, whatever path it came by.
-- An account being deleted (its memberships going with it) is not refused.
CREATE OR REPLACE FUNCTION roster_keep_active_super() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lost integer;
BEGIN
  SELECT o."accountId" INTO lost FROM old_rows o
  WHERE o.role = 'SUPER' AND o.status = 'ACTIVE'
    AND EXISTS (SELECT 1 FROM "Account" a WHERE a.id = o."accountId")
    AND NOT EXISTS (
      SELECT 1 FROM "Membership" m
      WHERE m."accountId" = o."accountId" AND m.role = 'SUPER' AND m.status = 'ACTIVE')
  LIMIT 1;
  IF lost IS NOT NULL THEN
    RAISE EXCEPTION 'roster_last_super: account % would keep no ACTIVE SUPER', lost USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Membership_keeps_super_updated" AFTER UPDATE ON "Membership"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_keep_active_super();
CREATE TRIGGER "Membership_keeps_super_deleted" AFTER DELETE ON "Membership"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION roster_keep_active_super();
