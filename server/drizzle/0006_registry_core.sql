CREATE SCHEMA "registry";
--> statement-breakpoint
CREATE TABLE "registry"."classes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"school_year_id" uuid NOT NULL,
	"grade_id" uuid NOT NULL,
	"grade_no" smallint NOT NULL,
	"name" text NOT NULL,
	"site_id" uuid,
	"homeroom_teacher_id" uuid,
	"two_sessions" boolean DEFAULT false NOT NULL,
	"combined_grades" smallint[],
	"specialised_subject" text,
	"subject_combination" text,
	"foreign_language" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."curriculum_periods" (
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"school_year_id" uuid NOT NULL,
	"grade_no" smallint NOT NULL,
	"subject_code" text NOT NULL,
	"periods_per_year" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "curriculum_periods_school_id_school_year_id_grade_no_subject_code_pk" PRIMARY KEY("school_id","school_year_id","grade_no","subject_code"),
	CONSTRAINT "curriculum_periods_ck" CHECK ("registry"."curriculum_periods"."periods_per_year" BETWEEN 0 AND 400)
);
--> statement-breakpoint
CREATE TABLE "registry"."enrolment_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"status" text NOT NULL,
	"on" date NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "registry"."enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"school_year_id" uuid NOT NULL,
	"start_year" smallint NOT NULL,
	"grade_no" smallint NOT NULL,
	"status" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."grades" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"grade_no" smallint NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "grades_no_ck" CHECK ("registry"."grades"."grade_no" BETWEEN 1 AND 12)
);
--> statement-breakpoint
CREATE TABLE "registry"."guardians" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"name_fold" text GENERATED ALWAYS AS (platform.fold(full_name)) STORED NOT NULL,
	"birth_year" smallint,
	"occupation" text,
	"cccd" text,
	"workplace" text,
	"phone" text,
	"email" text,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "guardians_cccd_ck" CHECK ("registry"."guardians"."cccd" IS NULL OR "registry"."guardians"."cccd" ~ '^[0-9]{12}$')
);
--> statement-breakpoint
CREATE TABLE "registry"."school_years" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid,
	"start_year" smallint NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "school_years_dates_ck" CHECK ("registry"."school_years"."starts_on" < "registry"."school_years"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "registry"."student_guardians" (
	"province_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"guardian_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"primary_contact" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "student_guardians_student_id_guardian_id_pk" PRIMARY KEY("student_id","guardian_id")
);
--> statement-breakpoint
CREATE TABLE "registry"."students" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"school_code" text,
	"moet_code" text,
	"cccd" text,
	"register_no" text,
	"full_name" text NOT NULL,
	"sort_key" text NOT NULL,
	"name_fold" text GENERATED ALWAYS AS (platform.fold(full_name)) STORED NOT NULL,
	"sex" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"ethnicity_code" text DEFAULT '01' NOT NULL,
	"nationality" text DEFAULT 'VN' NOT NULL,
	"religion" text,
	"birthplace" text,
	"birth_province_code" text,
	"birth_commune_code" text,
	"hometown" text,
	"permanent_address" jsonb,
	"current_address" jsonb,
	"current_commune_code" text,
	"admission_date" date,
	"admission_form" text,
	"policy_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"household_status" text DEFAULT 'none' NOT NULL,
	"disability" text,
	"boarding" text DEFAULT 'none' NOT NULL,
	"youth_membership" text,
	"phone" text,
	"email" text,
	"health" jsonb,
	"status" text DEFAULT 'none' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "students_cccd_ck" CHECK ("registry"."students"."cccd" IS NULL OR "registry"."students"."cccd" ~ '^[0-9]{12}$'),
	CONSTRAINT "students_ethnicity_ck" CHECK ("registry"."students"."ethnicity_code" ~ '^[0-9]{2}$')
);
--> statement-breakpoint
CREATE TABLE "registry"."subjects" (
	"code" text NOT NULL,
	"level" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"assessment" text NOT NULL,
	"elective" boolean DEFAULT false NOT NULL,
	"sort" smallint NOT NULL,
	CONSTRAINT "subjects_level_code_pk" PRIMARY KEY("level","code")
);
--> statement-breakpoint
CREATE TABLE "registry"."teaching_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"school_year_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"term_id" uuid,
	"subject_code" text NOT NULL,
	"teacher_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid,
	"school_year_id" uuid NOT NULL,
	"no" smallint NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "terms_dates_ck" CHECK ("registry"."terms"."starts_on" < "registry"."terms"."ends_on")
);
--> statement-breakpoint
ALTER TABLE "registry"."classes" ADD CONSTRAINT "classes_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."classes" ADD CONSTRAINT "classes_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."classes" ADD CONSTRAINT "classes_school_year_id_school_years_id_fk" FOREIGN KEY ("school_year_id") REFERENCES "registry"."school_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."classes" ADD CONSTRAINT "classes_grade_id_grades_id_fk" FOREIGN KEY ("grade_id") REFERENCES "registry"."grades"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."classes" ADD CONSTRAINT "classes_site_id_units_id_fk" FOREIGN KEY ("site_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."classes" ADD CONSTRAINT "classes_homeroom_teacher_id_users_id_fk" FOREIGN KEY ("homeroom_teacher_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."classes" ADD CONSTRAINT "classes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."classes" ADD CONSTRAINT "classes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."curriculum_periods" ADD CONSTRAINT "curriculum_periods_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."curriculum_periods" ADD CONSTRAINT "curriculum_periods_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."curriculum_periods" ADD CONSTRAINT "curriculum_periods_school_year_id_school_years_id_fk" FOREIGN KEY ("school_year_id") REFERENCES "registry"."school_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."curriculum_periods" ADD CONSTRAINT "curriculum_periods_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."curriculum_periods" ADD CONSTRAINT "curriculum_periods_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolment_events" ADD CONSTRAINT "enrolment_events_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolment_events" ADD CONSTRAINT "enrolment_events_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolment_events" ADD CONSTRAINT "enrolment_events_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "registry"."enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolment_events" ADD CONSTRAINT "enrolment_events_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolment_events" ADD CONSTRAINT "enrolment_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolments" ADD CONSTRAINT "enrolments_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolments" ADD CONSTRAINT "enrolments_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolments" ADD CONSTRAINT "enrolments_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolments" ADD CONSTRAINT "enrolments_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "registry"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolments" ADD CONSTRAINT "enrolments_school_year_id_school_years_id_fk" FOREIGN KEY ("school_year_id") REFERENCES "registry"."school_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolments" ADD CONSTRAINT "enrolments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."enrolments" ADD CONSTRAINT "enrolments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."grades" ADD CONSTRAINT "grades_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."grades" ADD CONSTRAINT "grades_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."grades" ADD CONSTRAINT "grades_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."grades" ADD CONSTRAINT "grades_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."guardians" ADD CONSTRAINT "guardians_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."guardians" ADD CONSTRAINT "guardians_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."guardians" ADD CONSTRAINT "guardians_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."guardians" ADD CONSTRAINT "guardians_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_years" ADD CONSTRAINT "school_years_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_years" ADD CONSTRAINT "school_years_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_years" ADD CONSTRAINT "school_years_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."school_years" ADD CONSTRAINT "school_years_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_guardians" ADD CONSTRAINT "student_guardians_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_guardians" ADD CONSTRAINT "student_guardians_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_guardians" ADD CONSTRAINT "student_guardians_guardian_id_guardians_id_fk" FOREIGN KEY ("guardian_id") REFERENCES "registry"."guardians"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_guardians" ADD CONSTRAINT "student_guardians_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."students" ADD CONSTRAINT "students_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."students" ADD CONSTRAINT "students_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."students" ADD CONSTRAINT "students_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."students" ADD CONSTRAINT "students_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."teaching_assignments" ADD CONSTRAINT "teaching_assignments_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."teaching_assignments" ADD CONSTRAINT "teaching_assignments_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."teaching_assignments" ADD CONSTRAINT "teaching_assignments_school_year_id_school_years_id_fk" FOREIGN KEY ("school_year_id") REFERENCES "registry"."school_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."teaching_assignments" ADD CONSTRAINT "teaching_assignments_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "registry"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."teaching_assignments" ADD CONSTRAINT "teaching_assignments_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "registry"."terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."teaching_assignments" ADD CONSTRAINT "teaching_assignments_teacher_id_users_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."teaching_assignments" ADD CONSTRAINT "teaching_assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."teaching_assignments" ADD CONSTRAINT "teaching_assignments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."terms" ADD CONSTRAINT "terms_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."terms" ADD CONSTRAINT "terms_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."terms" ADD CONSTRAINT "terms_school_year_id_school_years_id_fk" FOREIGN KEY ("school_year_id") REFERENCES "registry"."school_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."terms" ADD CONSTRAINT "terms_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."terms" ADD CONSTRAINT "terms_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "classes_school_year_name_uq" ON "registry"."classes" USING btree ("school_id","school_year_id",lower("name"));--> statement-breakpoint
CREATE INDEX "classes_year_idx" ON "registry"."classes" USING btree ("school_year_id","grade_no");--> statement-breakpoint
CREATE INDEX "classes_homeroom_idx" ON "registry"."classes" USING btree ("homeroom_teacher_id");--> statement-breakpoint
CREATE INDEX "enrolment_events_student_idx" ON "registry"."enrolment_events" USING btree ("student_id","on");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_one_class_per_year_uq" ON "registry"."enrolments" USING btree ("student_id","start_year") WHERE "registry"."enrolments"."status" NOT IN ('transferred_out', 'dropped_out');--> statement-breakpoint
CREATE INDEX "enrolments_class_idx" ON "registry"."enrolments" USING btree ("class_id","status");--> statement-breakpoint
CREATE INDEX "enrolments_school_year_idx" ON "registry"."enrolments" USING btree ("school_id","start_year");--> statement-breakpoint
CREATE UNIQUE INDEX "grades_school_no_uq" ON "registry"."grades" USING btree ("school_id","grade_no");--> statement-breakpoint
CREATE UNIQUE INDEX "guardians_cccd_uq" ON "registry"."guardians" USING btree ("cccd") WHERE "registry"."guardians"."cccd" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "guardians_phone_idx" ON "registry"."guardians" USING btree ("province_id","phone");--> statement-breakpoint
CREATE UNIQUE INDEX "school_years_school_uq" ON "registry"."school_years" USING btree ("school_id","start_year") WHERE "registry"."school_years"."school_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "school_years_province_uq" ON "registry"."school_years" USING btree ("province_id","start_year") WHERE "registry"."school_years"."school_id" IS NULL;--> statement-breakpoint
CREATE INDEX "student_guardians_guardian_idx" ON "registry"."student_guardians" USING btree ("guardian_id");--> statement-breakpoint
CREATE UNIQUE INDEX "students_cccd_uq" ON "registry"."students" USING btree ("cccd") WHERE "registry"."students"."cccd" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "students_moet_uq" ON "registry"."students" USING btree ("moet_code") WHERE "registry"."students"."moet_code" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "students_school_sort_idx" ON "registry"."students" USING btree ("school_id","sort_key" COLLATE "C","id");--> statement-breakpoint
CREATE INDEX "students_province_sort_idx" ON "registry"."students" USING btree ("province_id","sort_key" COLLATE "C","id");--> statement-breakpoint
CREATE INDEX "students_name_fold_idx" ON "registry"."students" USING gin ("name_fold" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "students_school_code_idx" ON "registry"."students" USING btree ("school_id","school_code");--> statement-breakpoint
CREATE UNIQUE INDEX "teaching_assignments_uq" ON "registry"."teaching_assignments" USING btree ("class_id","subject_code","teacher_id",coalesce("term_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "teaching_assignments_teacher_idx" ON "registry"."teaching_assignments" USING btree ("teacher_id","class_id");--> statement-breakpoint
CREATE UNIQUE INDEX "terms_year_no_uq" ON "registry"."terms" USING btree ("school_year_id","no");