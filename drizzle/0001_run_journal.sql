CREATE TABLE "run_journal" (
	"run_id" text NOT NULL,
	"seq" integer NOT NULL,
	"entries" jsonb NOT NULL,
	CONSTRAINT "run_journal_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
ALTER TABLE "run_journal" ADD CONSTRAINT "run_journal_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;