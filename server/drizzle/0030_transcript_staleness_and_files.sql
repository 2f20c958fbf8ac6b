ALTER TABLE "gradebook"."transcripts" ADD COLUMN "stale_since" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "gradebook"."transcripts" ADD COLUMN "stale_reason" text;
--> statement-breakpoint
ALTER TABLE "gradebook"."transcripts" ADD COLUMN "stale_correction_id" uuid;
--> statement-breakpoint
CREATE INDEX "transcripts_stale_idx" ON "gradebook"."transcripts" USING btree ("school_id") WHERE "stale_since" IS NOT NULL AND "status" <> 'superseded';
--> statement-breakpoint
CREATE TABLE "platform"."files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"unit_id" uuid,
	"storage_key" text NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"kind" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE INDEX "files_owner_unit_idx" ON "platform"."files" USING btree ("owner","unit_id");
--> statement-breakpoint
CREATE INDEX "files_storage_key_idx" ON "platform"."files" USING btree ("storage_key");
