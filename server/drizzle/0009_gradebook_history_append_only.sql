-- The history of grade-book cells is append-only like the audit trail (TT 22 records: who, when,
-- old value, new value, reason must survive every later edit).
CREATE OR REPLACE FUNCTION gradebook.refuse_history_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'gradebook.mark_changes is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER mark_changes_append_only
  BEFORE UPDATE OR DELETE ON gradebook.mark_changes
  FOR EACH ROW EXECUTE FUNCTION gradebook.refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER mark_changes_no_truncate
  BEFORE TRUNCATE ON gradebook.mark_changes
  FOR EACH STATEMENT EXECUTE FUNCTION gradebook.refuse_history_change();
