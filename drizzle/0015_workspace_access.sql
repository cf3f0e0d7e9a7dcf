ALTER TABLE "secrets" DROP CONSTRAINT "secrets_user_name_uq";--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "role" text DEFAULT 'editor' NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_events_workspace_at_idx" ON "audit_events" USING btree ("workspace_id","at");--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_workspace_name_uq" UNIQUE("workspace_id","name");--> statement-breakpoint
-- Keys made before roles existed keep what they could do: everything an API call can do, which is an admin's.
UPDATE "api_keys" SET "role" = 'admin';
