-- The grade-book cell history is chained like the audit trail (see 0025), one stream per sheet:
-- teachers of different sheets never wait for each other.
ALTER TABLE "gradebook"."mark_changes" ADD COLUMN "chain_seq" bigint;
--> statement-breakpoint
ALTER TABLE "gradebook"."mark_changes" ADD COLUMN "chain_hash" text;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION gradebook.mark_change_payload(c gradebook.mark_changes) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', platform.chain_field(c.id::text), platform.chain_field(c.sheet_id::text),
    platform.chain_field(c.student_id::text), platform.chain_field(c.slot), platform.chain_field(c.old_value),
    platform.chain_field(c.new_value), platform.chain_field(c.reason), platform.chain_field(c.correction_id::text),
    platform.chain_field(platform.chain_time(c.changed_at)), platform.chain_field(c.changed_by::text))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION gradebook.chain_mark_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  link record;
BEGIN
  SELECT * INTO link FROM platform.chain_append('marks', NEW.sheet_id::text, gradebook.mark_change_payload(NEW));
  NEW.chain_seq := link.o_seq;
  NEW.chain_hash := link.o_hash;
  RETURN NEW;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  c gradebook.mark_changes;
  link record;
BEGIN
  ALTER TABLE gradebook.mark_changes DISABLE TRIGGER mark_changes_append_only;
  FOR c IN SELECT * FROM gradebook.mark_changes ORDER BY changed_at, id LOOP
    SELECT * INTO link FROM platform.chain_append('marks', c.sheet_id::text, gradebook.mark_change_payload(c));
    UPDATE gradebook.mark_changes SET chain_seq = link.o_seq, chain_hash = link.o_hash WHERE id = c.id;
  END LOOP;
  ALTER TABLE gradebook.mark_changes ENABLE TRIGGER mark_changes_append_only;
END $$;
--> statement-breakpoint
ALTER TABLE "gradebook"."mark_changes" ALTER COLUMN "chain_seq" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "gradebook"."mark_changes" ALTER COLUMN "chain_hash" SET NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "mark_changes_chain_uq" ON "gradebook"."mark_changes" USING btree ("sheet_id", "chain_seq");
--> statement-breakpoint
CREATE TRIGGER mark_changes_chain
  BEFORE INSERT ON gradebook.mark_changes
  FOR EACH ROW EXECUTE FUNCTION gradebook.chain_mark_change();
