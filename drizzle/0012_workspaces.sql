CREATE TABLE "workspace_members" (
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_members_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"slug" text NOT NULL,
	"name" varchar(80) NOT NULL,
	"personal_of" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_slug_unique" UNIQUE("slug"),
	CONSTRAINT "workspaces_personal_of_unique" UNIQUE("personal_of")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "workspace_id" text DEFAULT null;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "workspace_id" text DEFAULT null;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "workspace_id" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "workspace_id" text;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "workspace_id" text DEFAULT null;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "workspace_id" text DEFAULT null;--> statement-breakpoint
ALTER TABLE "workspace_members" ADD CONSTRAINT "workspace_members_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_members" ADD CONSTRAINT "workspace_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_personal_of_users_id_fk" FOREIGN KEY ("personal_of") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workspace_members_user_idx" ON "workspace_members" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "runs_workspace_started_idx" ON "runs" USING btree ("workspace_id","started_at");--> statement-breakpoint
CREATE INDEX "workflows_workspace_idx" ON "workflows" USING btree ("workspace_id");--> statement-breakpoint
-- Every user has a personal workspace, as its owner (lib/db/schema.ts, "Workspaces"). Made here for
-- every user insert, whoever writes it (sign-up, OAuth's adapter, tests), and for the users that
-- exist. The slug is the email's local part and a hash of the user id, longer on a clash.
CREATE FUNCTION "fm_personal_workspace"("for_user" text, "email" text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  found text;
  base text := left(trim(both '-' from lower(regexp_replace(split_part(coalesce("email", ''), '@', 1), '[^a-zA-Z0-9]+', '-', 'g'))), 24);
  candidate text;
  tries int := 0;
BEGIN
  SELECT id INTO found FROM workspaces WHERE personal_of = "for_user";
  IF found IS NOT NULL THEN RETURN found; END IF;
  IF base = '' THEN base := 'personal'; END IF;
  candidate := base || '-' || substr(md5("for_user"), 1, 6);
  WHILE EXISTS (SELECT 1 FROM workspaces WHERE slug = candidate) LOOP
    tries := tries + 1;
    candidate := base || '-' || substr(md5("for_user" || tries::text), 1, 10);
  END LOOP;
  INSERT INTO workspaces (slug, name, personal_of) VALUES (candidate, 'Personal', "for_user") RETURNING id INTO found;
  INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (found, "for_user", 'owner');
  RETURN found;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "fm_user_personal_workspace"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM fm_personal_workspace(NEW.id, NEW.email);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "users_personal_workspace" AFTER INSERT ON "users" FOR EACH ROW EXECUTE FUNCTION "fm_user_personal_workspace"();
--> statement-breakpoint
SELECT fm_personal_workspace(id, email) FROM users ORDER BY created_at, id;
--> statement-breakpoint
-- A row written with an owner and no workspace goes to the owner's personal workspace; a run to its workflow's.
CREATE FUNCTION "fm_workspace_from_owner"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.workspace_id IS NULL AND NEW.owner_id IS NOT NULL THEN
    SELECT id INTO NEW.workspace_id FROM workspaces WHERE personal_of = NEW.owner_id;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "fm_workspace_from_user"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.workspace_id IS NULL THEN
    SELECT id INTO NEW.workspace_id FROM workspaces WHERE personal_of = NEW.user_id;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "fm_run_workspace"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.workspace_id IS NULL AND NEW.workflow_id IS NOT NULL THEN
    SELECT workspace_id INTO NEW.workspace_id FROM workflows WHERE id = NEW.workflow_id;
  END IF;
  IF NEW.workspace_id IS NULL AND NEW.owner_id IS NOT NULL THEN
    SELECT id INTO NEW.workspace_id FROM workspaces WHERE personal_of = NEW.owner_id;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "workflows_workspace" BEFORE INSERT ON "workflows" FOR EACH ROW EXECUTE FUNCTION "fm_workspace_from_owner"();
--> statement-breakpoint
CREATE TRIGGER "outbox_workspace" BEFORE INSERT ON "outbox" FOR EACH ROW EXECUTE FUNCTION "fm_workspace_from_owner"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_workspace" BEFORE INSERT ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "fm_workspace_from_owner"();
--> statement-breakpoint
CREATE TRIGGER "secrets_workspace" BEFORE INSERT ON "secrets" FOR EACH ROW EXECUTE FUNCTION "fm_workspace_from_user"();
--> statement-breakpoint
CREATE TRIGGER "api_keys_workspace" BEFORE INSERT ON "api_keys" FOR EACH ROW EXECUTE FUNCTION "fm_workspace_from_user"();
--> statement-breakpoint
CREATE TRIGGER "runs_workspace" BEFORE INSERT ON "runs" FOR EACH ROW EXECUTE FUNCTION "fm_run_workspace"();
--> statement-breakpoint
-- Everything that exists moves into its owner's personal workspace (a run into its workflow's).
UPDATE workflows SET workspace_id = w.id FROM workspaces w WHERE w.personal_of = workflows.owner_id;
--> statement-breakpoint
UPDATE runs SET workspace_id = wf.workspace_id FROM workflows wf WHERE wf.id = runs.workflow_id;
--> statement-breakpoint
UPDATE runs SET workspace_id = w.id FROM workspaces w WHERE runs.workspace_id IS NULL AND w.personal_of = runs.owner_id;
--> statement-breakpoint
UPDATE secrets SET workspace_id = w.id FROM workspaces w WHERE w.personal_of = secrets.user_id;
--> statement-breakpoint
UPDATE api_keys SET workspace_id = w.id FROM workspaces w WHERE w.personal_of = api_keys.user_id;
--> statement-breakpoint
UPDATE outbox SET workspace_id = w.id FROM workspaces w WHERE w.personal_of = outbox.owner_id;
--> statement-breakpoint
-- The audit log is append-only: its trigger is off for this one backfill, inside the migration's transaction.
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_append_only";
--> statement-breakpoint
UPDATE audit_events SET workspace_id = w.id FROM workspaces w WHERE w.personal_of = audit_events.owner_id;
--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_append_only";
--> statement-breakpoint
ALTER TABLE "workflows" ALTER COLUMN "workspace_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "secrets" ALTER COLUMN "workspace_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "workspace_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "workspace_id" SET NOT NULL;
