CREATE TABLE "gradebook"."tt27_qualities" (
	"class_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"term_no" smallint NOT NULL,
	"point" text NOT NULL,
	"qualities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"competences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "tt27_qualities_class_id_student_id_term_no_point_pk" PRIMARY KEY("class_id","student_id","term_no","point"),
	CONSTRAINT "tt27_qualities_term_ck" CHECK ("gradebook"."tt27_qualities"."term_no" IN (1, 2)),
	CONSTRAINT "tt27_qualities_point_ck" CHECK ("gradebook"."tt27_qualities"."point" IN ('gk', 'ck'))
);
--> statement-breakpoint
ALTER TABLE "gradebook"."marks" DROP CONSTRAINT "marks_slot_ck";--> statement-breakpoint
ALTER TABLE "gradebook"."tt27_qualities" ADD CONSTRAINT "tt27_qualities_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "registry"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."tt27_qualities" ADD CONSTRAINT "tt27_qualities_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."tt27_qualities" ADD CONSTRAINT "tt27_qualities_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."marks" ADD CONSTRAINT "marks_slot_ck" CHECK ("gradebook"."marks"."slot" ~ '^(tx[1-9]|gk|ck|lvl|test|gkt)$');