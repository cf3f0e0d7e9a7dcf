// GET /api/health: the database kind and the runtime new runs go to (Trigger.dev exactly when
// TRIGGER_SECRET_KEY is set, blank counting as unset like the run service), and ok:false with the
// cause when the database opens but rejects writes.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { GET } from "../../app/api/health/route";
import { closeDb, getDb, openDb } from "../../lib/db/client";
import { forgetWriteHealth, probeWrites } from "../../lib/db/health";
import { createTestPostgresDatabase, TEST_DB_KINDS } from "../support/db";
import { describeEachAppDb } from "./support";

afterEach(() => {
  delete process.env.TRIGGER_SECRET_KEY;
});

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  forgetWriteHealth(); // probe now, not the answer of a few seconds ago
  const response = await GET();
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describeEachAppDb("GET /api/health", (db) => {
  test("reports the embedded runtime without TRIGGER_SECRET_KEY and trigger.dev with it", async () => {
    delete process.env.TRIGGER_SECRET_KEY;
    const embedded = await GET();
    assert.equal(embedded.status, 200);
    const body = (await embedded.json()) as { ok: boolean; db: string; runtime: string };
    assert.equal(body.ok, true);
    assert.equal(body.runtime, "embedded");
    assert.ok(body.db === "pglite" || body.db === "postgres");

    process.env.TRIGGER_SECRET_KEY = "tr_dev_health";
    assert.equal(((await (await GET()).json()) as { runtime: string }).runtime, "trigger.dev");
    process.env.TRIGGER_SECRET_KEY = "  ";
    assert.equal(((await (await GET()).json()) as { runtime: string }).runtime, "embedded", "a blank key starts no Trigger.dev runs");
  });

  test("the embedded database switched to read-only: 503, ok:false, the cause named; back to ok after", async (t) => {
    // One session: SET reaches every later query (a PostgreSQL pool: see the suite below).
    if ((await getDb()).kind !== "pglite") return t.skip("PostgreSQL: revoked privileges, below");
    await db().execute(sql`set default_transaction_read_only = on`);
    try {
      assert.deepEqual(await health(), {
        status: 503,
        body: { ok: false, db: "pglite", runtime: "embedded", error: "the database rejects writes: the database is read-only (PostgreSQL 25006: cannot execute INSERT in a read-only transaction)" },
      });
    } finally {
      await db().execute(sql`set default_transaction_read_only = off`);
    }
    assert.deepEqual(await health(), { status: 200, body: { ok: true, db: "pglite", runtime: "embedded" } });
  });
});

if (TEST_DB_KINDS.includes("postgres")) {
  describe("GET /api/health on a PostgreSQL that rejects writes", () => {
    const role = `fm_health_${Math.random().toString(36).slice(2, 10)}`;
    let database: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
    let admin: postgres.Sql;
    before(async () => {
      await closeDb();
      database = await createTestPostgresDatabase();
      admin = postgres(database.url, { max: 1, onnotice: () => {} });
      // The app connects as an ordinary role owning its database (superusers skip privilege checks).
      await admin.unsafe(`create role "${role}" login`);
      await admin.unsafe(`alter database "${database.name}" owner to "${role}"`);
      const url = new URL(database.url);
      url.username = role;
      process.env.DATABASE_URL = url.toString();
      await getDb();
    });
    after(async () => {
      await closeDb();
      await admin.end();
      await database.drop();
      const cleanup = postgres(process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test", { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop role if exists "${role}"`);
      await cleanup.end();
    });

    test("privileges revoked: 503 naming the refusal; granted again: ok", async () => {
      assert.deepEqual(await health(), { status: 200, body: { ok: true, db: "postgres", runtime: "embedded" } });
      await admin.unsafe(`revoke insert, update on health_probe from "${role}"`);
      assert.deepEqual(await health(), {
        status: 503,
        body: { ok: false, db: "postgres", runtime: "embedded", error: "the database rejects writes: the database refused permission (PostgreSQL 42501: permission denied for table health_probe)" },
      });
      await admin.unsafe(`grant insert, update on health_probe to "${role}"`);
      assert.equal((await health()).status, 200);
    });

    test("default_transaction_read_only: the probe names it", async () => {
      await admin.unsafe(`alter database "${database.name}" set default_transaction_read_only = on`);
      const readOnly = await openDb({ databaseUrl: database.url, migrate: false, poolSize: 1 });
      try {
        assert.deepEqual(await probeWrites(readOnly.db), {
          ok: false,
          cause: "the database rejects writes: the database is read-only (PostgreSQL 25006: cannot execute INSERT in a read-only transaction)",
        });
      } finally {
        await readOnly.close();
        await admin.unsafe(`alter database "${database.name}" reset default_transaction_read_only`);
      }
    });
  });
}
