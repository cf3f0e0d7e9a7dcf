CREATE TABLE "trigger_blobs" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"value" jsonb NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trigger_blobs" ADD CONSTRAINT "trigger_blobs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "trigger_blobs_run_idx" ON "trigger_blobs" USING btree ("run_id");