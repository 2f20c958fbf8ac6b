CREATE TABLE "platform"."domain_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"org_unit_id" uuid,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fanned_out_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "domain_events_pending_idx" ON "platform"."domain_events" USING btree ("id") WHERE "platform"."domain_events"."fanned_out_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "domain_events_name_idx" ON "platform"."domain_events" USING btree ("name","id");
--> statement-breakpoint
CREATE TABLE "platform"."event_deliveries" (
	"event_id" bigint NOT NULL,
	"subscriber" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now(),
	"delivered_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "event_deliveries_event_id_subscriber_pk" PRIMARY KEY("event_id","subscriber")
);
--> statement-breakpoint
ALTER TABLE "platform"."event_deliveries" ADD CONSTRAINT "event_deliveries_event_id_domain_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "platform"."domain_events"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "event_deliveries_due_idx" ON "platform"."event_deliveries" USING btree ("next_attempt_at") WHERE "platform"."event_deliveries"."next_attempt_at" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "platform"."school_calendars" (
	"unit_id" uuid NOT NULL,
	"start_year" smallint NOT NULL,
	"weekdays" smallint[] NOT NULL,
	"breaks" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_calendars_unit_id_start_year_pk" PRIMARY KEY("unit_id","start_year")
);
