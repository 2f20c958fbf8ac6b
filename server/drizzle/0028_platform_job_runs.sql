CREATE TABLE "platform"."job_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job" text NOT NULL,
	"trigger" text NOT NULL,
	"state" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"error" text,
	"summary" jsonb
);
--> statement-breakpoint
CREATE INDEX "job_runs_job_idx" ON "platform"."job_runs" USING btree ("job", "started_at");
--> statement-breakpoint
CREATE INDEX "job_runs_started_at_idx" ON "platform"."job_runs" USING btree ("started_at");
--> statement-breakpoint
CREATE INDEX "job_runs_failed_idx" ON "platform"."job_runs" USING btree ("started_at") WHERE "state" = 'failed';
