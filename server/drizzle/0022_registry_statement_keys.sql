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
CREATE TRIGGER enrolments_student_id_fk_insert AFTER INSERT ON registry.enrolments
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents('student_id', 'registry.students');
--> statement-breakpoint
CREATE TRIGGER enrolments_student_id_fk_update AFTER UPDATE ON registry.enrolments
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents('student_id', 'registry.students');
--> statement-breakpoint
CREATE TRIGGER enrolment_events_enrolment_id_fk_insert AFTER INSERT ON registry.enrolment_events
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents('enrolment_id', 'registry.enrolments');
--> statement-breakpoint
CREATE TRIGGER enrolment_events_enrolment_id_fk_update AFTER UPDATE ON registry.enrolment_events
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents('enrolment_id', 'registry.enrolments');
--> statement-breakpoint
CREATE TRIGGER enrolment_events_student_id_fk_insert AFTER INSERT ON registry.enrolment_events
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents('student_id', 'registry.students');
--> statement-breakpoint
CREATE TRIGGER enrolment_events_student_id_fk_update AFTER UPDATE ON registry.enrolment_events
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents('student_id', 'registry.students');
--> statement-breakpoint
CREATE TRIGGER student_guardians_student_id_fk_insert AFTER INSERT ON registry.student_guardians
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents('student_id', 'registry.students');
--> statement-breakpoint
CREATE TRIGGER student_guardians_student_id_fk_update AFTER UPDATE ON registry.student_guardians
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents('student_id', 'registry.students');
--> statement-breakpoint
CREATE TRIGGER student_guardians_guardian_id_fk_insert AFTER INSERT ON registry.student_guardians
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents('guardian_id', 'registry.guardians');
--> statement-breakpoint
CREATE TRIGGER student_guardians_guardian_id_fk_update AFTER UPDATE ON registry.student_guardians
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION registry.require_parents('guardian_id', 'registry.guardians');
--> statement-breakpoint
CREATE TRIGGER students_never_deleted BEFORE DELETE OR TRUNCATE ON registry.students
  FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_parent_removal();
--> statement-breakpoint
CREATE TRIGGER students_id_fixed BEFORE UPDATE OF id ON registry.students
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION registry.refuse_parent_removal();
--> statement-breakpoint
CREATE TRIGGER enrolments_never_deleted BEFORE DELETE OR TRUNCATE ON registry.enrolments
  FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_parent_removal();
--> statement-breakpoint
CREATE TRIGGER enrolments_id_fixed BEFORE UPDATE OF id ON registry.enrolments
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION registry.refuse_parent_removal();
--> statement-breakpoint
CREATE TRIGGER guardians_never_deleted BEFORE DELETE OR TRUNCATE ON registry.guardians
  FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_parent_removal();
--> statement-breakpoint
CREATE TRIGGER guardians_id_fixed BEFORE UPDATE OF id ON registry.guardians
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION registry.refuse_parent_removal();
