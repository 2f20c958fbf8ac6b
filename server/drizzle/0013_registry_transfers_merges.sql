CREATE TABLE "registry"."duplicate_dismissals" (
	"province_id" uuid NOT NULL,
	"student_a" uuid NOT NULL,
	"student_b" uuid NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "duplicate_dismissals_student_a_student_b_pk" PRIMARY KEY("student_a","student_b"),
	CONSTRAINT "duplicate_dismissals_order_ck" CHECK ("registry"."duplicate_dismissals"."student_a" < "registry"."duplicate_dismissals"."student_b")
);
--> statement-breakpoint
CREATE TABLE "registry"."student_merges" (
	"merged_id" uuid PRIMARY KEY NOT NULL,
	"survivor_id" uuid NOT NULL,
	"province_id" uuid NOT NULL,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"merged_by" uuid,
	CONSTRAINT "student_merges_self_ck" CHECK ("registry"."student_merges"."merged_id" <> "registry"."student_merges"."survivor_id")
);
--> statement-breakpoint
CREATE TABLE "registry"."transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"initiated_by" text NOT NULL,
	"student_id" uuid NOT NULL,
	"from_school_id" uuid,
	"from_enrolment_id" uuid,
	"to_school_id" uuid,
	"to_class_id" uuid,
	"to_enrolment_id" uuid,
	"transfer_on" date NOT NULL,
	"reason" text,
	"documents_note" text,
	"other_province" text,
	"other_school_name" text,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"student_snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "transfers_sides_ck" CHECK (("registry"."transfers"."kind" = 'in_province' AND "registry"."transfers"."from_school_id" IS NOT NULL AND "registry"."transfers"."to_school_id" IS NOT NULL)
        OR ("registry"."transfers"."kind" = 'out_of_province' AND "registry"."transfers"."from_school_id" IS NOT NULL AND "registry"."transfers"."to_school_id" IS NULL AND "registry"."transfers"."other_province" IS NOT NULL)
        OR ("registry"."transfers"."kind" = 'from_other_province' AND "registry"."transfers"."from_school_id" IS NULL AND "registry"."transfers"."to_school_id" IS NOT NULL AND "registry"."transfers"."other_province" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "registry"."duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_student_a_students_id_fk" FOREIGN KEY ("student_a") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_student_b_students_id_fk" FOREIGN KEY ("student_b") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."duplicate_dismissals" ADD CONSTRAINT "duplicate_dismissals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_merges" ADD CONSTRAINT "student_merges_merged_id_students_id_fk" FOREIGN KEY ("merged_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_merges" ADD CONSTRAINT "student_merges_survivor_id_students_id_fk" FOREIGN KEY ("survivor_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_merges" ADD CONSTRAINT "student_merges_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_merges" ADD CONSTRAINT "student_merges_merged_by_users_id_fk" FOREIGN KEY ("merged_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."transfers" ADD CONSTRAINT "transfers_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."transfers" ADD CONSTRAINT "transfers_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."transfers" ADD CONSTRAINT "transfers_from_school_id_units_id_fk" FOREIGN KEY ("from_school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."transfers" ADD CONSTRAINT "transfers_from_enrolment_id_enrolments_id_fk" FOREIGN KEY ("from_enrolment_id") REFERENCES "registry"."enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."transfers" ADD CONSTRAINT "transfers_to_school_id_units_id_fk" FOREIGN KEY ("to_school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."transfers" ADD CONSTRAINT "transfers_to_class_id_classes_id_fk" FOREIGN KEY ("to_class_id") REFERENCES "registry"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."transfers" ADD CONSTRAINT "transfers_to_enrolment_id_enrolments_id_fk" FOREIGN KEY ("to_enrolment_id") REFERENCES "registry"."enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."transfers" ADD CONSTRAINT "transfers_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."transfers" ADD CONSTRAINT "transfers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."transfers" ADD CONSTRAINT "transfers_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duplicate_dismissals_b_idx" ON "registry"."duplicate_dismissals" USING btree ("student_b");--> statement-breakpoint
CREATE INDEX "student_merges_survivor_idx" ON "registry"."student_merges" USING btree ("survivor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_one_pending_uq" ON "registry"."transfers" USING btree ("student_id") WHERE "registry"."transfers"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "transfers_from_idx" ON "registry"."transfers" USING btree ("from_school_id","status","created_at");--> statement-breakpoint
CREATE INDEX "transfers_to_idx" ON "registry"."transfers" USING btree ("to_school_id","status","created_at");--> statement-breakpoint
CREATE INDEX "transfers_student_idx" ON "registry"."transfers" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "students_dedup_idx" ON "registry"."students" USING btree ("province_id","name_fold","date_of_birth");