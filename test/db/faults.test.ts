// Storage faults are named: a real ENOSPC from the kernel (/dev/full), and real errors raised by
// the database itself on both drivers (SQLSTATE 53100 disk_full, 25006 read-only).
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { describeError, logUnexpected, storageFault } from "../../lib/db/faults";
import postgres from "postgres";
import { DEFAULT_TEST_POSTGRES_URL } from "../../lib/db/testing";
import { describeEachDb, TEST_DB_KINDS } from "../support/db";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

test("ENOSPC from the file system is DISK FULL, also wrapped as a cause", () => {
  const enospc = thrown(() => fs.writeFileSync("/dev/full", "x"));
  assert.equal((enospc as { code?: string }).code, "ENOSPC");
  assert.equal(storageFault(enospc)?.kind, "disk_full");
  assert.match(describeError(enospc), /^DISK FULL \(ENOSPC: ENOSPC: no space left on device/);
  const wrapped = new Error("checkpoint failed", { cause: enospc });
  assert.match(describeError(wrapped), /^DISK FULL \(ENOSPC/);
  assert.equal(storageFault(new Error("syntax error at or near \"selct\"")), null);
  assert.equal(describeError(new Error("outer", { cause: new Error("the driver's reason") })), "the driver's reason");
});

test("the log names the fault on a line of its own", () => {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    logUnexpected("saveDefinition", thrown(() => fs.writeFileSync("/dev/full", "x")));
  } finally {
    console.error = original;
  }
  assert.match(lines[0], /^\[saveDefinition\] DISK FULL \(ENOSPC/);
  assert.match(lines[1], /^\[saveDefinition\] unexpected error/);
});

describeEachDb("storage faults raised by the database", (getTestDb) => {
  const db = () => getTestDb().handle.db;

  test("SQLSTATE 53100 (disk_full) through drizzle is DISK FULL", async () => {
    const error = await db()
      .execute(sql.raw(`do $$ begin raise exception 'could not extend file "base/1/2": No space left on device' using errcode = 'disk_full'; end $$`))
      .then(() => null, (e: unknown) => e);
    assert.ok(error, "the statement must fail");
    assert.equal(storageFault(error)?.kind, "disk_full");
    assert.match(describeError(error), /^DISK FULL \(PostgreSQL 53100: could not extend file "base\/1\/2": No space left on device\)$/);
  });

  test("a write in a read-only transaction is named read-only", async () => {
    const error = await db()
      .transaction(async (tx) => {
        await tx.execute(sql`set transaction read only`);
        await tx.execute(sql`create table should_not_exist (id int)`);
      })
      .then(() => null, (e: unknown) => e);
    assert.equal(storageFault(error)?.kind, "read_only");
    assert.match(describeError(error), /^the database is read-only \(PostgreSQL 25006: cannot execute CREATE TABLE in a read-only transaction\)$/);
  });
});

test("a closed PostgreSQL connection is named unavailable", { skip: !TEST_DB_KINDS.includes("postgres") }, async () => {
  const client = postgres(process.env.TEST_DATABASE_URL || DEFAULT_TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  await client.end();
  const error = await client`select 1`.then(() => null, (e: unknown) => e);
  assert.equal(storageFault(error)?.kind, "unavailable");
  assert.match(describeError(error), /^the database is unavailable \(CONNECTION_ENDED/);
});
