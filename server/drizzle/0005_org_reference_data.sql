CREATE TABLE "org"."reference_data" (
	"name" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"rows" integer NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "units_type_level_idx" ON "org"."units" USING btree ("type","school_level");--> statement-breakpoint
ALTER TABLE "org"."units" ADD CONSTRAINT "units_school_level_ck" CHECK ("org"."units"."type" <> 'school' OR "org"."units"."school_level" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "org"."units" ADD CONSTRAINT "units_not_own_parent_ck" CHECK ("org"."units"."parent_id" IS NULL OR "org"."units"."parent_id" <> "org"."units"."id");