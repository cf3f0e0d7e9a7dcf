import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { openDb } from "../../lib/db/client";
import * as schema from "../../lib/db/schema";
import { describeEachDb } from "../support/db";

const journal = JSON.parse(fs.readFileSync(path.resolve("drizzle/meta/_journal.json"), "utf8")) as { entries: unknown[] };
const schemaTables = (Object.values(schema) as unknown[])
  .flatMap((v) => (is(v, PgTable) ? [getTableConfig(v).name] : []))
  .sort();

async function rows<T>(db: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> }, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

describeEachDb("migrations", (getTestDb) => {
  test("create every table of the schema", async () => {
    const { db } = getTestDb().handle;
    const tables = await rows<{ name: string }>(
      db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    assert.ok(schemaTables.length >= 15, `schema lists ${schemaTables.length} tables`);
    assert.deepEqual(tables.map((t) => t.name).sort(), schemaTables);
  });

  test("record every journal entry once, and re-opening applies nothing new", async () => {
    const testDb = getTestDb();
    const count = async () =>
      (await rows<{ n: number }>(testDb.handle.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0].n;
    assert.equal(await count(), journal.entries.length);
    if (testDb.databaseUrl) {
      const again = await openDb({ databaseUrl: testDb.databaseUrl, poolSize: 1 });
      await again.close();
    } else {
      await testDb.handle.close();
      testDb.handle = await openDb({ dataDir: testDb.dataDir! });
    }
    assert.equal(await count(), journal.entries.length);
  });
});
