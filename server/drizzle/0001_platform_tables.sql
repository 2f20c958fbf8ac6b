CREATE SCHEMA IF NOT EXISTS "platform";
--> statement-breakpoint
CREATE TABLE "platform"."audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"org_unit_id" uuid,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"bulk" jsonb
);
--> statement-breakpoint
CREATE TABLE "platform"."outbound_mail" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"transport" text NOT NULL,
	"sent_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "platform"."seed_runs" (
	"step_id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"size" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_events_occurred_at_idx" ON "platform"."audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "platform"."audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "platform"."audit_events" USING btree ("actor_user_id");--> statement-breakpoint
CREATE INDEX "audit_events_org_unit_idx" ON "platform"."audit_events" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "outbound_mail_created_at_idx" ON "platform"."outbound_mail" USING btree ("created_at");