-- One outbox for every channel: the mail table becomes it. SMS rows written by the registry's
-- outbox-only sender carried their channel in the recipient ("sms:<phone>"); they get a channel.
ALTER TABLE "platform"."outbound_mail" RENAME TO "outbox";
--> statement-breakpoint
ALTER INDEX "platform"."outbound_mail_created_at_idx" RENAME TO "outbox_created_at_idx";
--> statement-breakpoint
ALTER TABLE "platform"."outbox" ADD COLUMN "channel" text DEFAULT 'email' NOT NULL;
--> statement-breakpoint
ALTER TABLE "platform"."outbox" ADD COLUMN "topic" text DEFAULT 'mail' NOT NULL;
--> statement-breakpoint
ALTER TABLE "platform"."outbox" ADD COLUMN "user_id" uuid;
--> statement-breakpoint
ALTER TABLE "platform"."outbox" ADD COLUMN "urgent" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "platform"."outbox" ADD COLUMN "status" text DEFAULT 'pending' NOT NULL;
--> statement-breakpoint
ALTER TABLE "platform"."outbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "platform"."outbox" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
ALTER TABLE "platform"."outbox" ADD COLUMN "last_attempt_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "platform"."outbox" SET "channel" = 'sms', "to" = substr("to", 5), "transport" = 'none', "status" = 'unsent'
  WHERE "to" LIKE 'sms:%';
--> statement-breakpoint
UPDATE "platform"."outbox" SET "status" = 'sent', "attempts" = 1, "last_attempt_at" = "sent_at" WHERE "sent_at" IS NOT NULL;
--> statement-breakpoint
UPDATE "platform"."outbox" SET "status" = 'failed', "attempts" = 1 WHERE "status" = 'pending' AND "error" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "platform"."outbox" USING btree ("next_attempt_at") WHERE "status" IN ('pending', 'sending');
--> statement-breakpoint
CREATE INDEX "outbox_status_idx" ON "platform"."outbox" USING btree ("status", "created_at");
--> statement-breakpoint
CREATE TABLE "platform"."notification_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"disabled_channels" text[] DEFAULT '{}' NOT NULL,
	"quiet_hours" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
