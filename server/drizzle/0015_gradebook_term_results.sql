CREATE TABLE "gradebook"."term_results" (
	"sheet_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"result" text,
	"tenths" smallint,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "term_results_sheet_id_student_id_pk" PRIMARY KEY("sheet_id","student_id"),
	CONSTRAINT "term_results_tenths_ck" CHECK ("gradebook"."term_results"."tenths" IS NULL OR "gradebook"."term_results"."tenths" BETWEEN 0 AND 100)
);
--> statement-breakpoint
ALTER TABLE "gradebook"."term_results" ADD CONSTRAINT "term_results_sheet_id_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "gradebook"."sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."term_results" ADD CONSTRAINT "term_results_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;