CREATE TABLE "registry"."school_facilities" (
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"start_year" smallint NOT NULL,
	"classrooms_solid" integer DEFAULT 0 NOT NULL,
	"classrooms_semi_solid" integer DEFAULT 0 NOT NULL,
	"classrooms_temporary" integer DEFAULT 0 NOT NULL,
	"subject_rooms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"has_library" boolean DEFAULT false NOT NULL,
	"library_standard" text DEFAULT 'chua_dat' NOT NULL,
	"equipment_sets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"computers_teaching" integer DEFAULT 0 NOT NULL,
	"computers_management" integer DEFAULT 0 NOT NULL,
	"internet" text DEFAULT 'none' NOT NULL,
	"toilets_students" integer DEFAULT 0 NOT NULL,
	"toilets_staff" integer DEFAULT 0 NOT NULL,
	"toilets_meet_standard" boolean DEFAULT false NOT NULL,
	"clean_water" boolean DEFAULT false NOT NULL,
	"teacher_housing_rooms" integer DEFAULT 0 NOT NULL,
	"land_area" numeric(12, 2),
	"playground_area" numeric(12, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "school_facilities_school_id_start_year_pk" PRIMARY KEY("school_id","start_year"),
	CONSTRAINT "school_facilities_counts_ck" CHECK ("registry"."school_facilities"."classrooms_solid" >= 0 AND "registry"."school_facilities"."classrooms_semi_solid" >= 0 AND "registry"."school_facilities"."classrooms_temporary" >= 0 AND "registry"."school_facilities"."computers_teaching" >= 0
        AND "registry"."school_facilities"."computers_management" >= 0 AND "registry"."school_facilities"."toilets_students" >= 0 AND "registry"."school_facilities"."toilets_staff" >= 0 AND "registry"."school_facilities"."teacher_housing_rooms" >= 0),
	CONSTRAINT "school_facilities_areas_ck" CHECK (("registry"."school_facilities"."land_area" IS NULL OR "registry"."school_facilities"."land_area" >= 0) AND ("registry"."school_facilities"."playground_area" IS NULL OR "registry"."school_facilities"."playground_area" >= 0)),
	CONSTRAINT "school_facilities_year_ck" CHECK ("registry"."school_facilities"."start_year" BETWEEN 2000 AND 2100)
);
--> statement-breakpoint
CREATE TABLE "registry"."school_profiles" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"province_id" uuid NOT NULL,
	"address" text,
	"difficult_area" text DEFAULT 'none' NOT NULL,
	"national_standard" text DEFAULT 'chua_dat' NOT NULL,
	"national_standard_on" date,
	"accreditation_level" smallint,
	"accredited_on" date,
	"principal_user_id" uuid,
	"principal_name" text,
	"phone" text,
	"email" text,
	"website" text,
	"sessions_per_day" smallint,
	"founded_year" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "school_profiles_accreditation_ck" CHECK ("registry"."school_profiles"."accreditation_level" IS NULL OR "registry"."school_profiles"."accreditation_level" BETWEEN 1 AND 4),
	CONSTRAINT "school_profiles_sessions_ck" CHECK ("registry"."school_profiles"."sessions_per_day" IS NULL OR "registry"."school_profiles"."sessions_per_day" BETWEEN 1 AND 2)
);
--> statement-breakpoint
CREATE TABLE "registry"."school_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"commune_code" text,
	"class_count" smallint DEFAULT 0 NOT NULL,
	"student_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "school_sites_counts_ck" CHECK ("registry"."school_sites"."class_count" >= 0 AND "registry"."school_sites"."student_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "registry"."school_facilities" ADD CONSTRAINT "school_facilities_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_facilities" ADD CONSTRAINT "school_facilities_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_facilities" ADD CONSTRAINT "school_facilities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_facilities" ADD CONSTRAINT "school_facilities_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_profiles" ADD CONSTRAINT "school_profiles_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_profiles" ADD CONSTRAINT "school_profiles_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_profiles" ADD CONSTRAINT "school_profiles_principal_user_id_users_id_fk" FOREIGN KEY ("principal_user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_profiles" ADD CONSTRAINT "school_profiles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_profiles" ADD CONSTRAINT "school_profiles_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_sites" ADD CONSTRAINT "school_sites_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_sites" ADD CONSTRAINT "school_sites_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_sites" ADD CONSTRAINT "school_sites_commune_code_admin_units_code_fk" FOREIGN KEY ("commune_code") REFERENCES "org"."admin_units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_sites" ADD CONSTRAINT "school_sites_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_sites" ADD CONSTRAINT "school_sites_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "school_facilities_province_year_idx" ON "registry"."school_facilities" USING btree ("province_id","start_year");--> statement-breakpoint
CREATE INDEX "school_profiles_province_idx" ON "registry"."school_profiles" USING btree ("province_id");--> statement-breakpoint
CREATE UNIQUE INDEX "school_sites_name_uq" ON "registry"."school_sites" USING btree ("school_id",lower("name"));