CREATE SCHEMA "identity";
--> statement-breakpoint
CREATE SCHEMA "org";
--> statement-breakpoint
CREATE TABLE "identity"."grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity"."login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"failures" integer NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity"."password_reset_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity"."permissions" (
	"id" text PRIMARY KEY NOT NULL,
	"module" text NOT NULL,
	"label_vi" text NOT NULL,
	"label_en" text NOT NULL,
	"bulk_export" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."recovery_codes" (
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "recovery_codes_user_id_code_hash_pk" PRIMARY KEY("user_id","code_hash")
);
--> statement-breakpoint
CREATE TABLE "identity"."role_permissions" (
	"role_id" uuid NOT NULL,
	"permission_id" text NOT NULL,
	CONSTRAINT "role_permissions_role_id_permission_id_pk" PRIMARY KEY("role_id","permission_id")
);
--> statement-breakpoint
CREATE TABLE "identity"."roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"mfa_pending" boolean DEFAULT false NOT NULL,
	"ip" text,
	"user_agent" text,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity"."users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"email" text,
	"phone" text,
	"display_name" text NOT NULL,
	"kind" text DEFAULT 'staff' NOT NULL,
	"home_unit_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"password_hash" text,
	"password_changed_at" timestamp with time zone,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"demo_password" boolean DEFAULT false NOT NULL,
	"mfa_secret" text,
	"mfa_enabled_at" timestamp with time zone,
	"mfa_last_step" integer,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org"."admin_unit_merges" (
	"new_code" text NOT NULL,
	"old_code" text NOT NULL,
	"old_name" text NOT NULL,
	"merge_type" text NOT NULL,
	CONSTRAINT "admin_unit_merges_new_code_old_code_pk" PRIMARY KEY("new_code","old_code")
);
--> statement-breakpoint
CREATE TABLE "org"."admin_units" (
	"code" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"name_en" text,
	"province_code" text,
	"valid_from" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org"."units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"path" text NOT NULL,
	"depth" integer NOT NULL,
	"type" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"admin_unit_code" text,
	"school_level" text,
	"ownership" text,
	"status" text DEFAULT 'active' NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "identity"."grants" ADD CONSTRAINT "grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."grants" ADD CONSTRAINT "grants_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "identity"."roles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."grants" ADD CONSTRAINT "grants_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."grants" ADD CONSTRAINT "grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."recovery_codes" ADD CONSTRAINT "recovery_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."role_permissions" ADD CONSTRAINT "role_permissions_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "identity"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."role_permissions" ADD CONSTRAINT "role_permissions_permission_id_permissions_id_fk" FOREIGN KEY ("permission_id") REFERENCES "identity"."permissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."users" ADD CONSTRAINT "users_home_unit_id_units_id_fk" FOREIGN KEY ("home_unit_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org"."units" ADD CONSTRAINT "units_parent_id_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "org"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org"."units" ADD CONSTRAINT "units_admin_unit_code_admin_units_code_fk" FOREIGN KEY ("admin_unit_code") REFERENCES "org"."admin_units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grants_user_idx" ON "identity"."grants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "grants_unit_idx" ON "identity"."grants" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grants_active_uq" ON "identity"."grants" USING btree ("user_id","role_id","unit_id") WHERE "identity"."grants"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX "role_permissions_perm_idx" ON "identity"."role_permissions" USING btree ("permission_id");--> statement-breakpoint
CREATE UNIQUE INDEX "roles_key_uq" ON "identity"."roles" USING btree ("key");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "identity"."sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "identity"."users" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_uq" ON "identity"."users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_phone_uq" ON "identity"."users" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "users_home_unit_idx" ON "identity"."users" USING btree ("home_unit_id");--> statement-breakpoint
CREATE INDEX "users_name_fold_idx" ON "identity"."users" USING gin (platform.fold("display_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "admin_unit_merges_old_idx" ON "org"."admin_unit_merges" USING btree ("old_code");--> statement-breakpoint
CREATE INDEX "admin_units_province_idx" ON "org"."admin_units" USING btree ("province_code");--> statement-breakpoint
CREATE UNIQUE INDEX "units_code_uq" ON "org"."units" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "units_path_uq" ON "org"."units" USING btree ("path");--> statement-breakpoint
CREATE INDEX "units_path_prefix_idx" ON "org"."units" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "units_parent_idx" ON "org"."units" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "units_admin_unit_idx" ON "org"."units" USING btree ("admin_unit_code");--> statement-breakpoint
CREATE INDEX "units_name_fold_idx" ON "org"."units" USING gin (platform.fold("name") gin_trgm_ops);