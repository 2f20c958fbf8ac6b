CREATE TABLE "registry"."staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"staff_code" text,
	"cccd" text,
	"full_name" text NOT NULL,
	"sort_key" text NOT NULL,
	"name_fold" text GENERATED ALWAYS AS (platform.fold(full_name)) STORED NOT NULL,
	"sex" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"ethnicity_code" text DEFAULT '01' NOT NULL,
	"position" text NOT NULL,
	"title_group" text,
	"title_rank" text,
	"qualification" text,
	"qualification_standard" text,
	"major" text,
	"subjects" text[] DEFAULT '{}'::text[] NOT NULL,
	"contract_type" text,
	"joined_sector_on" date,
	"joined_school_on" date,
	"standard_rating" text,
	"standard_rating_year" smallint,
	"regular_training" text,
	"regular_training_year" smallint,
	"party_member" boolean DEFAULT false NOT NULL,
	"party_joined_on" date,
	"status" text DEFAULT 'working' NOT NULL,
	"phone" text,
	"email" text,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "staff_cccd_ck" CHECK ("registry"."staff"."cccd" IS NULL OR "registry"."staff"."cccd" ~ '^[0-9]{12}$'),
	CONSTRAINT "staff_ethnicity_ck" CHECK ("registry"."staff"."ethnicity_code" ~ '^[0-9]{2}$')
);
--> statement-breakpoint
ALTER TABLE "registry"."staff" ADD CONSTRAINT "staff_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."staff" ADD CONSTRAINT "staff_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."staff" ADD CONSTRAINT "staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."staff" ADD CONSTRAINT "staff_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."staff" ADD CONSTRAINT "staff_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_cccd_uq" ON "registry"."staff" USING btree ("cccd") WHERE "registry"."staff"."cccd" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_code_uq" ON "registry"."staff" USING btree ("province_id","staff_code") WHERE "registry"."staff"."staff_code" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_user_uq" ON "registry"."staff" USING btree ("user_id") WHERE "registry"."staff"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "staff_school_sort_idx" ON "registry"."staff" USING btree ("school_id","sort_key" COLLATE "C","id");--> statement-breakpoint
CREATE INDEX "staff_province_sort_idx" ON "registry"."staff" USING btree ("province_id","sort_key" COLLATE "C","id");--> statement-breakpoint
CREATE INDEX "staff_name_fold_idx" ON "registry"."staff" USING gin ("name_fold" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "staff_subjects_idx" ON "registry"."staff" USING gin ("subjects");