ALTER TABLE "workflows" ADD COLUMN "webhook_listen_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "webhook_test_event" jsonb;