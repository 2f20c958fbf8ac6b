-- Wrong second-factor codes of one pending sign-in: it ends after MFA_SIGN_IN_MAX_FAILURES.
ALTER TABLE "identity"."sessions" ADD COLUMN "mfa_failures" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Failed sign-ins are now counted per account (user:<id>) or per identifier naming no account
-- (name:<identifier>); the old counters keyed on the string typed (acct:<identifier>) go.
DELETE FROM "identity"."login_throttle" WHERE "key" LIKE 'acct:%';
