-- Tamper evidence for the audit trail (issue 14, item 10). The append-only triggers of 0002 stop
-- the application, not a role that can disable a trigger: each entry now carries a SHA-256 hash
-- chained to the previous entry of its stream, the head of every stream is kept in
-- platform.chain_heads, and a daily job signs the heads into a file outside the database.
-- Streams keep writers apart: one per organisation unit (else per acting user, else 'system'), so
-- two schools never wait for each other; writers of one stream queue on its head row until commit.
CREATE TABLE "platform"."chain_heads" (
  "chain" text NOT NULL,
  "stream" text NOT NULL,
  "seq" bigint NOT NULL,
  "hash" text NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "chain_heads_pkey" PRIMARY KEY ("chain", "stream")
);
--> statement-breakpoint
ALTER TABLE "platform"."audit_events" ADD COLUMN "chain_stream" text;
--> statement-breakpoint
ALTER TABLE "platform"."audit_events" ADD COLUMN "chain_seq" bigint;
--> statement-breakpoint
ALTER TABLE "platform"."audit_events" ADD COLUMN "chain_hash" text;
--> statement-breakpoint
-- One field of a hashed record: its UTF-8 length and text, or '~' for NULL, so no two records
-- encode alike. server/src/platform/audit-chain.ts computes the same in JavaScript.
CREATE OR REPLACE FUNCTION platform.chain_field(v text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN v IS NULL THEN '~' ELSE octet_length(v)::text || ':' || v END $$;
--> statement-breakpoint
-- A time as UTC text with microseconds, whatever the session's time zone.
CREATE OR REPLACE FUNCTION platform.chain_time(t timestamptz) RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION platform.chain_link(prev text, seq bigint, stream text, payload text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev || '|' || seq::text || '|' || platform.chain_field(stream) || '|' || payload, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Appends to a stream: one upsert on its head row, which stays locked until the writer commits,
-- so concurrent writers of one stream take consecutive positions and each links to the last.
CREATE OR REPLACE FUNCTION platform.chain_append(p_chain text, p_stream text, p_payload text, OUT o_seq bigint, OUT o_hash text)
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO platform.chain_heads AS h (chain, stream, seq, hash)
  VALUES (p_chain, p_stream, 1, platform.chain_link('', 1, p_stream, p_payload))
  ON CONFLICT (chain, stream) DO UPDATE
    SET seq = h.seq + 1, hash = platform.chain_link(h.hash, h.seq + 1, p_stream, p_payload), updated_at = now()
  RETURNING h.seq, h.hash INTO o_seq, o_hash;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION platform.audit_stream(org_unit_id uuid, actor_user_id uuid) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce('unit:' || org_unit_id::text, 'user:' || actor_user_id::text, 'system') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION platform.audit_payload(e platform.audit_events) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', platform.chain_field(e.id::text), platform.chain_field(platform.chain_time(e.occurred_at)),
    platform.chain_field(e.actor_user_id::text), platform.chain_field(e.actor_label), platform.chain_field(e.ip),
    platform.chain_field(e.user_agent), platform.chain_field(e.request_id), platform.chain_field(e.action),
    platform.chain_field(e.entity_type), platform.chain_field(e.entity_id), platform.chain_field(e.org_unit_id::text),
    platform.chain_field(e.before::text), platform.chain_field(e.after::text), platform.chain_field(e.reason),
    platform.chain_field(e.bulk::text))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION platform.chain_audit_event() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  link record;
BEGIN
  NEW.chain_stream := platform.audit_stream(NEW.org_unit_id, NEW.actor_user_id);
  SELECT * INTO link FROM platform.chain_append('audit', NEW.chain_stream, platform.audit_payload(NEW));
  NEW.chain_seq := link.o_seq;
  NEW.chain_hash := link.o_hash;
  RETURN NEW;
END $$;
--> statement-breakpoint
-- The entries written before this migration are chained in the order they were written.
DO $$
DECLARE
  e platform.audit_events;
  link record;
BEGIN
  ALTER TABLE platform.audit_events DISABLE TRIGGER audit_events_append_only;
  FOR e IN SELECT * FROM platform.audit_events ORDER BY id LOOP
    e.chain_stream := platform.audit_stream(e.org_unit_id, e.actor_user_id);
    SELECT * INTO link FROM platform.chain_append('audit', e.chain_stream, platform.audit_payload(e));
    UPDATE platform.audit_events SET chain_stream = e.chain_stream, chain_seq = link.o_seq, chain_hash = link.o_hash WHERE id = e.id;
  END LOOP;
  ALTER TABLE platform.audit_events ENABLE TRIGGER audit_events_append_only;
END $$;
--> statement-breakpoint
ALTER TABLE "platform"."audit_events" ALTER COLUMN "chain_stream" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "platform"."audit_events" ALTER COLUMN "chain_seq" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "platform"."audit_events" ALTER COLUMN "chain_hash" SET NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain_uq" ON "platform"."audit_events" USING btree ("chain_stream", "chain_seq");
--> statement-breakpoint
CREATE TRIGGER audit_events_chain
  BEFORE INSERT ON platform.audit_events
  FOR EACH ROW EXECUTE FUNCTION platform.chain_audit_event();
