ALTER TABLE "gradebook"."transcripts" ADD COLUMN "stale_since" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "gradebook"."transcripts" ADD COLUMN "stale_reason" text;
--> statement-breakpoint
ALTER TABLE "gradebook"."transcripts" ADD COLUMN "stale_correction_id" uuid;
--> statement-breakpoint
CREATE INDEX "transcripts_stale_idx" ON "gradebook"."transcripts" USING btree ("school_id") WHERE "stale_since" IS NOT NULL AND "status" <> 'superseded';
