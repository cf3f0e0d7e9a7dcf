// Migration 0012 (workspaces, issue 16) on a database populated by the schema before it: every user
// gets one personal workspace as its owner, and every workflow, run, secret, key, outbox mail and
// audit entry lands in its owner's (a run in its workflow's) with nothing lost or changed. After it,
// the database keeps the rule for new rows whoever writes them. Both databases.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { openDb } from "../../lib/db/client";
import { workflows } from "../../lib/db/schema";
import type { Db, DbHandle } from "../../lib/db/types";
import { createTestDb, TEST_DB_KINDS } from "../support/db";

/** The migrations folder as it was before 0012: the same files, the journal cut after 0011. */
function migrationsBefore(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fm-migrations-"));
  const journal = JSON.parse(fs.readFileSync("drizzle/meta/_journal.json", "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag.startsWith(tag));
  assert.ok(cut > 0, `no migration ${tag}`);
  fs.mkdirSync(path.join(dir, "meta"));
  fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  for (const entry of journal.entries.slice(0, cut)) fs.copyFileSync(`drizzle/${entry.tag}.sql`, path.join(dir, `${entry.tag}.sql`));
  return dir;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Users, workflows, versions, runs (one from the command line), secrets, keys, a mail and audit entries, in the 0011 schema. */
async function populate(db: Db): Promise<void> {
  await db.execute(sql`insert into users (id, email, name) values ('u-sam1', 'Sam.Lee@a.test', 'Sam A'), ('u-sam2', 'sam.lee@b.test', 'Sam B'), ('u-anon', null, 'No email'), ('u-idle', 'idle@x.test', null)`);
  await db.execute(sql`insert into workflows (id, owner_id, name, definition) values ('wf-1', 'u-sam1', 'Orders', '{"version":1,"name":"Orders","nodes":[],"edges":[]}'), ('wf-2', 'u-sam2', 'Billing', '{"version":1,"name":"Billing","nodes":[],"edges":[]}'), ('wf-3', 'u-anon', 'Quiet', '{"version":1,"name":"Quiet","nodes":[],"edges":[]}')`);
  await db.execute(sql`insert into workflow_versions (id, workflow_id, version, definition) values ('v-1', 'wf-1', 1, '{}'), ('v-2', 'wf-2', 1, '{}'), ('v-cli', null, 1, '{}')`);
  await db.execute(sql`insert into runs (id, workflow_id, version_id, owner_id, status, trigger, runtime, inputs) values
    ('run-1', 'wf-1', 'v-1', 'u-sam1', 'completed', 'manual', 'embedded', '{"a":1}'),
    ('run-2', 'wf-2', 'v-2', 'u-sam2', 'paused', 'api', 'embedded', '{}'),
    ('run-cli', null, 'v-cli', null, 'completed', 'cli', 'cli', '{}')`);
  await db.execute(sql`insert into secrets (id, user_id, name, value_encrypted) values ('s-1', 'u-sam1', 'TOKEN', 'sealed-1'), ('s-2', 'u-sam2', 'TOKEN', 'sealed-2')`);
  await db.execute(sql`insert into api_keys (id, user_id, name, prefix, key_hash) values ('k-1', 'u-sam1', 'ci', 'fm_abc', 'hash-1'), ('k-2', 'u-anon', 'bot', 'fm_def', 'hash-2')`);
  await db.execute(sql`insert into outbox (id, owner_id, run_id, "to", subject, text) values ('m-1', 'u-sam2', 'run-2', 'boss@b.test', 'Approve?', 'link')`);
  await db.execute(sql`insert into audit_events (owner_id, actor_kind, actor_user_id, actor_label, action, object_type, object_id) values ('u-sam1', 'user', 'u-sam1', 'Sam.Lee@a.test', 'workflow.create', 'workflow', 'wf-1')`);
}

type Contents = Record<string, Record<string, unknown>[]>;

/** Every table's rows. */
async function contents(db: Db): Promise<Contents> {
  const tables = ["users", "workflows", "workflow_versions", "runs", "secrets", "api_keys", "outbox", "audit_events"];
  const all: Contents = {};
  for (const table of tables) all[table] = await rows<Record<string, unknown>>(db, sql.raw(`select * from ${table} order by 1`));
  return JSON.parse(JSON.stringify(all)) as Contents; // plain arrays and values on both drivers
}

/** `after` cut down to the columns `before` had: what later migrations add is not a change. */
function onlyColumnsOf(before: Contents, after: Contents): Contents {
  return Object.fromEntries(
    Object.entries(after).map(([table, rowsAfter]) => {
      const columns = Object.keys(before[table][0] ?? {});
      return [table, rowsAfter.map((row) => Object.fromEntries(columns.map((column) => [column, row[column]])))];
    }),
  );
}

for (const kind of TEST_DB_KINDS) {
  describe(`workspaces migration [${kind}]`, () => {
    test("everything lands in its owner's personal workspace, nothing lost; new rows follow the same rule", async () => {
      const before = await createTestDb(kind, { migrationsFolder: migrationsBefore("0012_") });
      let handle: DbHandle = before.handle;
      try {
        await populate(handle.db);
        const snapshot = await contents(handle.db);
        await handle.close();
        handle = await openDb(before.databaseUrl ? { databaseUrl: before.databaseUrl, poolSize: 1 } : { dataDir: before.dataDir!, command: "test" });
        const db = handle.db;

        assert.deepEqual(onlyColumnsOf(snapshot, await contents(db)), snapshot, "no row lost or changed");
        const spaces = await rows<{ id: string; slug: string; name: string; personal_of: string; role: string; user_id: string }>(
          db,
          sql`select w.id, w.slug, w.name, w.personal_of, m.role, m.user_id from workspaces w join workspace_members m on m.workspace_id = w.id order by w.personal_of`,
        );
        assert.deepEqual(spaces.map((s) => [s.personal_of, s.user_id, s.role, s.name]), [
          ["u-anon", "u-anon", "owner", "Personal"],
          ["u-idle", "u-idle", "owner", "Personal"],
          ["u-sam1", "u-sam1", "owner", "Personal"],
          ["u-sam2", "u-sam2", "owner", "Personal"],
        ]);
        const slugOf = Object.fromEntries(spaces.map((s) => [s.personal_of, s.slug]));
        assert.match(slugOf["u-sam1"], /^sam-lee-[0-9a-f]{6}$/);
        assert.match(slugOf["u-sam2"], /^sam-lee-[0-9a-f]{6,10}$/);
        assert.notEqual(slugOf["u-sam1"], slugOf["u-sam2"]);
        assert.match(slugOf["u-anon"], /^personal-[0-9a-f]{6}$/);
        const personal = Object.fromEntries(spaces.map((s) => [s.personal_of, s.id]));

        const placed = await rows<{ t: string; id: string; workspace_id: string | null }>(
          db,
          sql`select 'workflow' as t, id, workspace_id from workflows union all select 'run', id, workspace_id from runs
            union all select 'secret', id, workspace_id from secrets union all select 'key', id, workspace_id from api_keys
            union all select 'mail', id, workspace_id from outbox union all select 'audit', id::text, workspace_id from audit_events order by 1, 2`,
        );
        assert.deepEqual(placed.map((p) => [p.t, p.id, p.workspace_id]), [
          ["audit", "1", personal["u-sam1"]],
          ["key", "k-1", personal["u-sam1"]],
          ["key", "k-2", personal["u-anon"]],
          ["mail", "m-1", personal["u-sam2"]],
          ["run", "run-1", personal["u-sam1"]],
          ["run", "run-2", personal["u-sam2"]],
          ["run", "run-cli", null],
          ["secret", "s-1", personal["u-sam1"]],
          ["secret", "s-2", personal["u-sam2"]],
          ["workflow", "wf-1", personal["u-sam1"]],
          ["workflow", "wf-2", personal["u-sam2"]],
          ["workflow", "wf-3", personal["u-anon"]],
        ]);

        // Migration 0015: keys made before roles keep what an API call could do then (an admin's).
        const keyRoles = await rows<{ id: string; role: string }>(db, sql`select id, role from api_keys order by id`);
        assert.deepEqual(keyRoles.map((k) => [k.id, k.role]), [["k-1", "admin"], ["k-2", "admin"]]);

        // From now on: a new user gets a workspace; rows written without one land in the owner's (a run in its workflow's).
        await db.execute(sql`insert into users (id, email) values ('u-new', 'new@x.test')`);
        const [fresh] = await rows<{ id: string }>(db, sql`select id from workspaces where personal_of = 'u-new'`);
        assert.ok(fresh, "the new user's personal workspace");
        await db.insert(workflows).values({ id: "wf-new", ownerId: "u-new", name: "New", definition: {} });
        await db.execute(sql`insert into runs (id, workflow_id, version_id, owner_id, status, trigger, runtime) values ('run-new', 'wf-new', 'v-1', 'u-new', 'running', 'manual', 'embedded')`);
        const [wf] = await rows<{ workspace_id: string }>(db, sql`select workspace_id from workflows where id = 'wf-new'`);
        const [run] = await rows<{ workspace_id: string }>(db, sql`select workspace_id from runs where id = 'run-new'`);
        assert.deepEqual([wf.workspace_id, run.workspace_id], [fresh.id, fresh.id]);
        // A slug already taken: the new one is longer, not a failed sign-up.
        await db.execute(sql`insert into workspaces (slug, name) values ('clash-' || substr(md5('u-clash'), 1, 6), 'Team')`);
        await db.execute(sql`insert into users (id, email) values ('u-clash', 'clash@x.test')`);
        const [clash] = await rows<{ slug: string }>(db, sql`select slug from workspaces where personal_of = 'u-clash'`);
        assert.match(clash.slug, /^clash-[0-9a-f]{10}$/);
        // The audit log is append-only again after the backfill.
        await assert.rejects(db.execute(sql`update audit_events set actor_label = 'x'`), (error: unknown) => /append-only/.test(String((error as { cause?: Error }).cause?.message ?? (error as Error).message)));
      } finally {
        await handle.close();
        await before.cleanup();
      }
    });
  });
}
