CREATE TABLE "gradebook"."student_terms" (
	"class_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"term_no" smallint NOT NULL,
	"conduct" text,
	"absences_excused" smallint DEFAULT 0 NOT NULL,
	"absences_unexcused" smallint DEFAULT 0 NOT NULL,
	"comment" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "student_terms_class_id_student_id_term_no_pk" PRIMARY KEY("class_id","student_id","term_no"),
	CONSTRAINT "student_terms_term_ck" CHECK ("gradebook"."student_terms"."term_no" IN (1, 2)),
	CONSTRAINT "student_terms_absences_ck" CHECK ("gradebook"."student_terms"."absences_excused" BETWEEN 0 AND 400 AND "gradebook"."student_terms"."absences_unexcused" BETWEEN 0 AND 400)
);
--> statement-breakpoint
CREATE TABLE "gradebook"."year_results" (
	"student_id" uuid NOT NULL,
	"school_year_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"province_id" uuid NOT NULL,
	"start_year" smallint NOT NULL,
	"grade_no" smallint NOT NULL,
	"ruleset" text NOT NULL,
	"circular" text NOT NULL,
	"level" text,
	"conduct" text,
	"final_level" text,
	"final_conduct" text,
	"outcome" text,
	"title" text,
	"absences" smallint DEFAULT 0 NOT NULL,
	"summer" jsonb,
	"detail" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finalised_at" timestamp with time zone,
	"finalised_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "year_results_student_id_school_year_id_pk" PRIMARY KEY("student_id","school_year_id")
);
--> statement-breakpoint
ALTER TABLE "gradebook"."student_terms" ADD CONSTRAINT "student_terms_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "registry"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."student_terms" ADD CONSTRAINT "student_terms_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."student_terms" ADD CONSTRAINT "student_terms_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."year_results" ADD CONSTRAINT "year_results_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."year_results" ADD CONSTRAINT "year_results_school_year_id_school_years_id_fk" FOREIGN KEY ("school_year_id") REFERENCES "registry"."school_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."year_results" ADD CONSTRAINT "year_results_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "registry"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."year_results" ADD CONSTRAINT "year_results_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."year_results" ADD CONSTRAINT "year_results_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."year_results" ADD CONSTRAINT "year_results_finalised_by_users_id_fk" FOREIGN KEY ("finalised_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "year_results_class_idx" ON "gradebook"."year_results" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "year_results_school_idx" ON "gradebook"."year_results" USING btree ("school_id","start_year","grade_no");--> statement-breakpoint
CREATE INDEX "year_results_province_idx" ON "gradebook"."year_results" USING btree ("province_id","start_year");