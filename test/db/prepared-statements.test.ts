// The app's PostgreSQL client prepares every statement (lib/db/postgres.ts `preparing`): drizzle
// alone sends each one unprepared, and postgres.js then asks for its parameter types first, two
// round trips per statement (issue 18). `?prepare=false` in the URL (PgBouncer in transaction
// mode) turns it off. Read from PostgreSQL itself: pg_prepared_statements of the one connection.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { users } from "../../lib/db/schema";
import { createTestPostgresDatabase } from "../../lib/db/testing";
import { openPostgres, type PostgresHandle } from "../../lib/db/postgres";

let database: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
before(async () => void (database = await createTestPostgresDatabase()));
after(async () => database.drop());

/** Runs the same parameterized select twice, in and out of a transaction; the connection's prepared statements after. */
async function preparedAfterQueries(url: string): Promise<number> {
  const handle: PostgresHandle = await openPostgres(url, { poolSize: 1 });
  try {
    const db = handle.db;
    for (const email of ["a@example.com", "b@example.com"]) await db.select().from(users).where(eq(users.email, email));
    await db.transaction(async (tx) => void (await tx.select().from(users).where(eq(users.id, "nobody"))));
    const rows = (await db.execute(sql`select statement from pg_prepared_statements`)) as unknown as { statement: string }[];
    return rows.filter((r) => r.statement.includes('from "users"')).length;
  } finally {
    await handle.close();
  }
}

test("statements are prepared once per connection: one round trip each after the first", async () => {
  assert.equal(await preparedAfterQueries(database.url), 2, "the two distinct selects, each prepared once");
});

test("prepare=false in the URL: nothing is prepared", async () => {
  const url = new URL(database.url);
  url.searchParams.set("prepare", "false");
  assert.equal(await preparedAfterQueries(url.toString()), 0);
});

test("PGPREPARE=false in the environment: nothing is prepared either", async () => {
  const before = process.env.PGPREPARE;
  process.env.PGPREPARE = "false";
  try {
    assert.equal(await preparedAfterQueries(database.url), 0);
  } finally {
    if (before === undefined) delete process.env.PGPREPARE;
    else process.env.PGPREPARE = before;
  }
});
