ALTER TABLE "registry"."enrolment_events" DROP CONSTRAINT "enrolment_events_enrolment_id_enrolments_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolment_events" DROP CONSTRAINT "enrolment_events_student_id_students_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."enrolments" DROP CONSTRAINT "enrolments_student_id_students_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."student_guardians" DROP CONSTRAINT "student_guardians_student_id_students_id_fk";
--> statement-breakpoint
ALTER TABLE "registry"."student_guardians" DROP CONSTRAINT "student_guardians_guardian_id_guardians_id_fk";
--> statement-breakpoint
-- The five references above are checked once per statement instead of row by row (schema.ts,
-- checkedKey): one anti-join over the rows a statement wrote. Arguments: the referencing column,
-- the referenced table (its key is `id`). Raised as a foreign-key violation (23503), named
-- <table>_<column>_fk, so callers handle it as before.
CREATE OR REPLACE FUNCTION registry.require_parents() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  EXECUTE format('SELECT n.%1$I::text FROM written n WHERE NOT EXISTS (SELECT 1 FROM %2$s p WHERE p.id = n.%1$I) LIMIT 1',
    TG_ARGV[0], TG_ARGV[1]) INTO missing;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, format('%s_%s_fk', TG_TABLE_NAME, TG_ARGV[0])
      USING ERRCODE = 'foreign_key_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = TG_ARGV[0],
        CONSTRAINT = format('%s_%s_fk', TG_TABLE_NAME, TG_ARGV[0]),
        DETAIL = format('Key (%s)=(%s) is not present in table "%s".', TG_ARGV[0], missing, TG_ARGV[1]);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A referenced student, enrolment or guardian is never deleted (a merge keeps a tombstone, history
-- is kept) and never changes id: what makes a check without row locks enough.
CREATE OR REPLACE FUNCTION registry.refuse_parent_removal() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.% rows are never deleted and keep their id (% refused)', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
END $$;
--> statement-breakpoint
-- The references, each checked after an INSERT and after an UPDATE statement (a transition table
-- belongs to one event): <table>_<column>_fk_insert / _update.
DO $$
DECLARE
  ref record;
  op text;
BEGIN
  FOR ref IN SELECT * FROM (VALUES
    ('enrolments', 'student_id', 'registry.students'),
    ('enrolment_events', 'enrolment_id', 'registry.enrolments'),
    ('enrolment_events', 'student_id', 'registry.students'),
    ('student_guardians', 'student_id', 'registry.students'),
    ('student_guardians', 'guardian_id', 'registry.guardians')
  ) AS r(tbl, col, parent) LOOP
    FOREACH op IN ARRAY ARRAY['insert', 'update'] LOOP
      EXECUTE format('CREATE TRIGGER %I AFTER %s ON registry.%I REFERENCING NEW TABLE AS written
        FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents(%L, %L)',
        format('%s_%s_fk_%s', ref.tbl, ref.col, op), upper(op), ref.tbl, ref.col, ref.parent);
    END LOOP;
  END LOOP;
END $$;
--> statement-breakpoint
-- Their parents: never deleted nor truncated, and never given another id.
DO $$
DECLARE
  tbl text;
BEGIN
  FOREACH tbl IN ARRAY ARRAY['students', 'enrolments', 'guardians'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE DELETE OR TRUNCATE ON registry.%I
      FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_parent_removal()', tbl || '_never_deleted', tbl);
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OF id ON registry.%I
      FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION registry.refuse_parent_removal()', tbl || '_id_fixed', tbl);
  END LOOP;
END $$;
