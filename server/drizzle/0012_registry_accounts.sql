CREATE TABLE "registry"."account_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"guardian_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"destination" text NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "account_invitations_attempts_ck" CHECK ("registry"."account_invitations"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "registry"."student_accounts" (
	"student_id" uuid PRIMARY KEY NOT NULL,
	"province_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
ALTER TABLE "registry"."account_invitations" ADD CONSTRAINT "account_invitations_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."account_invitations" ADD CONSTRAINT "account_invitations_guardian_id_guardians_id_fk" FOREIGN KEY ("guardian_id") REFERENCES "registry"."guardians"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."account_invitations" ADD CONSTRAINT "account_invitations_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."account_invitations" ADD CONSTRAINT "account_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."account_invitations" ADD CONSTRAINT "account_invitations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_accounts" ADD CONSTRAINT "student_accounts_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "registry"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_accounts" ADD CONSTRAINT "student_accounts_province_id_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_accounts" ADD CONSTRAINT "student_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry"."student_accounts" ADD CONSTRAINT "student_accounts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_invitations_destination_idx" ON "registry"."account_invitations" USING btree ("destination","created_at");--> statement-breakpoint
CREATE INDEX "account_invitations_guardian_idx" ON "registry"."account_invitations" USING btree ("guardian_id");--> statement-breakpoint
CREATE UNIQUE INDEX "student_accounts_user_uq" ON "registry"."student_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "guardians_user_idx" ON "registry"."guardians" USING btree ("user_id") WHERE "registry"."guardians"."user_id" IS NOT NULL;