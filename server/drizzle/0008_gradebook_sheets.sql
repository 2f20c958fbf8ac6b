CREATE SCHEMA "gradebook";
--> statement-breakpoint
CREATE TABLE "gradebook"."corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"sheet_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"slot" text NOT NULL,
	"old_value" text,
	"new_value" text,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"requested_by" uuid NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "gradebook"."mark_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sheet_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"slot" text NOT NULL,
	"old_value" text,
	"new_value" text,
	"reason" text,
	"correction_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "gradebook"."marks" (
	"sheet_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"slot" text NOT NULL,
	"score" numeric(3, 1),
	"level" text,
	"missed" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "marks_sheet_id_student_id_slot_pk" PRIMARY KEY("sheet_id","student_id","slot"),
	CONSTRAINT "marks_slot_ck" CHECK ("gradebook"."marks"."slot" ~ '^(tx[1-9]|gk|ck|lvl|test)$'),
	CONSTRAINT "marks_score_ck" CHECK ("gradebook"."marks"."score" IS NULL OR ("gradebook"."marks"."score" >= 0 AND "gradebook"."marks"."score" <= 10)),
	CONSTRAINT "marks_one_value_ck" CHECK (("gradebook"."marks"."score" IS NOT NULL)::int + ("gradebook"."marks"."level" IS NOT NULL)::int + "gradebook"."marks"."missed"::int <= 1)
);
--> statement-breakpoint
CREATE TABLE "gradebook"."remarks" (
	"sheet_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"text" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "remarks_sheet_id_student_id_pk" PRIMARY KEY("sheet_id","student_id")
);
--> statement-breakpoint
CREATE TABLE "gradebook"."sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"school_year_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"term_id" uuid NOT NULL,
	"term_no" smallint NOT NULL,
	"subject_code" text NOT NULL,
	"grade_no" smallint NOT NULL,
	"assessment" text NOT NULL,
	"ruleset" text NOT NULL,
	"required_regular" smallint,
	"status" text DEFAULT 'open' NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"locked_at" timestamp with time zone,
	"locked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gradebook"."corrections" ADD CONSTRAINT "corrections_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."corrections" ADD CONSTRAINT "corrections_sheet_id_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "gradebook"."sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."corrections" ADD CONSTRAINT "corrections_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."corrections" ADD CONSTRAINT "corrections_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."corrections" ADD CONSTRAINT "corrections_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."mark_changes" ADD CONSTRAINT "mark_changes_sheet_id_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "gradebook"."sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."mark_changes" ADD CONSTRAINT "mark_changes_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."mark_changes" ADD CONSTRAINT "mark_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."marks" ADD CONSTRAINT "marks_sheet_id_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "gradebook"."sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."marks" ADD CONSTRAINT "marks_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."marks" ADD CONSTRAINT "marks_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."remarks" ADD CONSTRAINT "remarks_sheet_id_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "gradebook"."sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."remarks" ADD CONSTRAINT "remarks_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."remarks" ADD CONSTRAINT "remarks_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."sheets" ADD CONSTRAINT "sheets_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."sheets" ADD CONSTRAINT "sheets_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."sheets" ADD CONSTRAINT "sheets_school_year_id_school_years_id_fk" FOREIGN KEY ("school_year_id") REFERENCES "registry"."school_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."sheets" ADD CONSTRAINT "sheets_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "registry"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."sheets" ADD CONSTRAINT "sheets_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "registry"."terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."sheets" ADD CONSTRAINT "sheets_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."sheets" ADD CONSTRAINT "sheets_locked_by_users_id_fk" FOREIGN KEY ("locked_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."sheets" ADD CONSTRAINT "sheets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "corrections_school_status_idx" ON "gradebook"."corrections" USING btree ("school_id","status","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "corrections_one_pending_uq" ON "gradebook"."corrections" USING btree ("sheet_id","student_id","slot") WHERE "gradebook"."corrections"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "mark_changes_sheet_idx" ON "gradebook"."mark_changes" USING btree ("sheet_id","student_id","changed_at");--> statement-breakpoint
CREATE INDEX "marks_student_idx" ON "gradebook"."marks" USING btree ("student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sheets_class_subject_term_uq" ON "gradebook"."sheets" USING btree ("class_id","subject_code","term_id");--> statement-breakpoint
CREATE INDEX "sheets_school_year_idx" ON "gradebook"."sheets" USING btree ("school_id","school_year_id","term_no");