ALTER TABLE "runs" ADD COLUMN "cancel_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "inbox" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "recoveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "recovered_at_seq" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "recovered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "waitpoints" ADD COLUMN "applied_at" timestamp with time zone;--> statement-breakpoint
UPDATE "runs" SET "cancel_requested_at" = now(), "lease_owner" = NULL, "lease_expires_at" = NULL WHERE "lease_owner" = 'cancel-requested';--> statement-breakpoint
UPDATE "waitpoints" SET "applied_at" = "decided_at" WHERE "status" = 'decided';
