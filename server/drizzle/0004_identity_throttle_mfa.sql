ALTER TABLE "identity"."roles" ADD COLUMN "requires_mfa" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "identity"."users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "identity"."users" DROP COLUMN "locked_until";