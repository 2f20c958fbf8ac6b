CREATE TABLE "gradebook"."signing_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"unit_id" uuid,
	"sealed" jsonb NOT NULL,
	"certificate" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"test" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "signing_keys_owner_ck" CHECK (("gradebook"."signing_keys"."kind" = 'personal' AND "gradebook"."signing_keys"."user_id" IS NOT NULL) OR ("gradebook"."signing_keys"."kind" = 'seal' AND "gradebook"."signing_keys"."unit_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "gradebook"."transcripts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"student_id" uuid NOT NULL,
	"school_year_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'generated' NOT NULL,
	"reason" text,
	"file" text NOT NULL,
	"fingerprint" text,
	"signatures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"superseded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"sealed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gradebook"."trusted_roots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"certificate" text NOT NULL,
	"test" boolean DEFAULT false NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gradebook"."signing_keys" ADD CONSTRAINT "signing_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."signing_keys" ADD CONSTRAINT "signing_keys_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."signing_keys" ADD CONSTRAINT "signing_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."transcripts" ADD CONSTRAINT "transcripts_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."transcripts" ADD CONSTRAINT "transcripts_school_year_id_school_years_id_fk" FOREIGN KEY ("school_year_id") REFERENCES "registry"."school_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."transcripts" ADD CONSTRAINT "transcripts_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "registry"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."transcripts" ADD CONSTRAINT "transcripts_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gradebook"."transcripts" ADD CONSTRAINT "transcripts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_user_active_uq" ON "gradebook"."signing_keys" USING btree ("user_id") WHERE "gradebook"."signing_keys"."status" = 'active' AND "gradebook"."signing_keys"."kind" = 'personal';--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_unit_active_uq" ON "gradebook"."signing_keys" USING btree ("unit_id") WHERE "gradebook"."signing_keys"."status" = 'active' AND "gradebook"."signing_keys"."kind" = 'seal';--> statement-breakpoint
CREATE UNIQUE INDEX "transcripts_code_uq" ON "gradebook"."transcripts" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "transcripts_student_year_version_uq" ON "gradebook"."transcripts" USING btree ("student_id","school_year_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "transcripts_current_uq" ON "gradebook"."transcripts" USING btree ("student_id","school_year_id") WHERE "gradebook"."transcripts"."status" <> 'superseded';--> statement-breakpoint
CREATE INDEX "transcripts_class_idx" ON "gradebook"."transcripts" USING btree ("class_id","status");--> statement-breakpoint
CREATE INDEX "transcripts_fingerprint_idx" ON "gradebook"."transcripts" USING btree ("fingerprint");