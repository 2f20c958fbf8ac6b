CREATE SCHEMA IF NOT EXISTS "signing";
--> statement-breakpoint
ALTER TABLE "gradebook"."signing_keys" SET SCHEMA "signing";
--> statement-breakpoint
ALTER TABLE "gradebook"."trusted_roots" SET SCHEMA "signing";
