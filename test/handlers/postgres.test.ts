// The postgres node against the real PostgreSQL of this machine (TEST_DATABASE_URL or
// 127.0.0.1:5432/test): parameters, JSON values, read-only by default, one statement only, the row
// limit, its errors with PostgreSQL's own words, and the http node's address rules (the server's own
// database on 127.0.0.1 is refused unless private addresses are allowed).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import postgres from "postgres";
import { ErrorCode, startRun } from "../../lib/engine";
import { createPostgresHandler, MAX_RESULT_BYTES, POSTGRES_ERROR, postgresHandler } from "../../lib/engine/handlers/postgres";
import { postgresSqlHost } from "../../lib/integrations/postgres";
import { planOf } from "../../lib/runs/plan";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";

const URL_TEXT = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const TABLE = `fm_pg_node_${process.pid}`;
const allowed = () => makeContext({ options: { allowPrivateHttp: true, sql: postgresSqlHost } });
let admin: postgres.Sql;

before(async () => {
  admin = postgres(URL_TEXT, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create table ${TABLE} (id serial primary key, name text not null, at timestamptz not null default '2026-01-02T03:04:05Z', big int8 default 9007199254740993, raw bytea default '\\x0102', meta jsonb default '{"a":1}')`);
  await admin.unsafe(`insert into ${TABLE} (name) values ('ada'), ('grace'), ('linus')`);
});
after(async () => {
  await admin.unsafe(`drop table if exists ${TABLE}`);
  await admin.end();
});

describe("postgres node", () => {
  it("runs a parameterised select and outputs JSON rows (timestamps ISO, int8 as text, bytea as hex)", async () => {
    const out = doneOutput(await run(postgresHandler, { connection: URL_TEXT, query: `select name, at, big, raw, meta from ${TABLE} where name = $1`, params: ["grace"] }, allowed()));
    assert.deepEqual(out, { rows: [{ name: "grace", at: "2026-01-02T03:04:05.000Z", big: "9007199254740993", raw: "\\x0102", meta: { a: 1 } }], rowCount: 1, truncated: false });
  });

  it("is read-only unless allowWrites: an insert fails with 25006 and changes nothing; allowed, it reports the rows it changed", async () => {
    const refused = await rejectsWithCode(run(postgresHandler, { connection: URL_TEXT, query: `insert into ${TABLE} (name) values ($1)`, params: ["mallory"] }, allowed()), POSTGRES_ERROR);
    assert.match(refused.message, /25006: .*read-only.*allowWrites/);
    assert.equal((await admin.unsafe(`select count(*)::int as n from ${TABLE} where name = 'mallory'`))[0]!.n, 0);
    const written = doneOutput(await run(postgresHandler, { connection: URL_TEXT, query: `update ${TABLE} set name = upper(name) where id <= $1`, params: [2], allowWrites: true }, allowed()));
    assert.deepEqual(written, { rows: [], rowCount: 2, truncated: false });
    await admin.unsafe(`update ${TABLE} set name = lower(name)`);
  });

  it("runs one statement only, with or without parameters", async () => {
    for (const params of [[], [1]]) {
      const error = await rejectsWithCode(run(postgresHandler, { connection: URL_TEXT, query: `select 1; delete from ${TABLE}`, params, allowWrites: true }, allowed()), POSTGRES_ERROR);
      assert.match(error.message, /42601: cannot insert multiple commands into a prepared statement/);
    }
    assert.equal((await admin.unsafe(`select count(*)::int as n from ${TABLE}`))[0]!.n, 3);
  });

  it("never fills templates into SQL, nor takes a NUL in it: the config is refused before anything runs", async () => {
    const error = await rejectsWithCode(run(postgresHandler, { connection: URL_TEXT, query: "select * from users where id = '{{inputs.id}}'" }, allowed()), ErrorCode.VALIDATION_ERROR);
    assert.match(error.message, /query: templates are not filled into SQL/);
    // A NUL ends the text on the wire: refused here, not a "network" error from a protocol violation.
    assert.match((await rejectsWithCode(run(postgresHandler, { connection: URL_TEXT, query: "select 'a\u0000b'" }, allowed()), ErrorCode.VALIDATION_ERROR)).message, /query: contains a NUL character/);
    // In a parameter it is PostgreSQL's to refuse, with its code.
    assert.match((await rejectsWithCode(run(postgresHandler, { connection: URL_TEXT, query: "select $1::text", params: ["a\u0000b"] }, allowed()), POSTGRES_ERROR)).message, /^22021: /);
  });

  it("returns at most rowLimit rows, reading no more than one past it", async () => {
    const out = doneOutput(await run(postgresHandler, { connection: URL_TEXT, query: "select g from generate_series(1, 1000000) g", rowLimit: 5 }, allowed())) as { rows: { g: number }[]; truncated: boolean; rowCount: number };
    assert.deepEqual(out.rows.map((r) => r.g), [1, 2, 3, 4, 5]);
    assert.equal(out.truncated, true);
    assert.equal(out.rowCount, 5);
  });

  it("stops at MAX_RESULT_BYTES of rows as JSON too: a few wide rows are truncated before the row limit", async () => {
    // 40 rows of 1 MB: 40 MB as JSON, past the 10 MiB kept; read through the cursor, not all at once.
    const out = doneOutput(await run(postgresHandler, { connection: URL_TEXT, query: "select g, repeat('x', 1000000) as wide from generate_series(1, 40) g" }, allowed())) as { rows: { g: number }[]; truncated: boolean; rowCount: number };
    assert.equal(out.truncated, true);
    assert.equal(MAX_RESULT_BYTES, 10 * 1024 * 1024);
    assert.equal(out.rows.length, 10, "ten rows of 1 MB fit in 10 MiB, the eleventh does not");
    assert.equal(out.rowCount, out.rows.length);
    assert.deepEqual(out.rows.map((r) => r.g), Array.from({ length: out.rows.length }, (_, i) => i + 1));
    const written = doneOutput(
      await run(postgresHandler, { connection: URL_TEXT, query: "select g, repeat('y', 1000000) as wide from generate_series(1, 15) g", allowWrites: true }, allowed()),
    ) as { rows: unknown[]; truncated: boolean; rowCount: number };
    assert.deepEqual([written.rows.length < 15, written.truncated, written.rowCount], [true, true, 15], "a whole result is trimmed the same way, its count kept");
  });

  it("fails with PostgreSQL's words: a syntax error with its position, a statement past timeoutMs with TIMEOUT, a closed port with NETWORK (retryable)", async () => {
    const syntax = await rejectsWithCode(run(postgresHandler, { connection: URL_TEXT, query: "selec 1" }, allowed()), POSTGRES_ERROR);
    assert.match(syntax.message, /^42601: syntax error at or near "selec" \(at character 1\)/);
    assert.equal((syntax as unknown as { retryable: boolean }).retryable, false);
    const slow = await rejectsWithCode(run(postgresHandler, { connection: URL_TEXT, query: "select pg_sleep(5)", timeoutMs: "200ms" }, allowed()), ErrorCode.TIMEOUT);
    assert.match(slow.message, /longer than 200 ms/);
    const closed = await rejectsWithCode(run(postgresHandler, { connection: "postgres://postgres@127.0.0.1:1/test", query: "select 1" }, allowed()), ErrorCode.NETWORK);
    assert.equal((closed as unknown as { retryable: boolean }).retryable, true);
    await rejectsWithCode(run(postgresHandler, { connection: "mysql://root@db/x", query: "select 1" }, allowed()), ErrorCode.VALIDATION_ERROR);
  });

  it("refuses private addresses unless allowed (this server's own database among them), and connects to the address it checked", async () => {
    const ctx = makeContext({ options: { sql: postgresSqlHost } });
    const local = await rejectsWithCode(run(postgresHandler, { connection: URL_TEXT, query: "select 1" }, ctx), "SSRF_BLOCKED");
    assert.match(local.message, /FLOWMAESTRO_ALLOW_PRIVATE_HTTP=1/);
    const rebinding = createPostgresHandler({ resolver: async () => ["10.1.2.3"] });
    await rejectsWithCode(run(rebinding, { connection: "postgres://u@db.example.com/x", query: "select 1" }, ctx), "SSRF_BLOCKED");
    // Pinned: the host name doesn't resolve at all, the socket goes to the checked address.
    const url = new URL(URL_TEXT.replace("127.0.0.1", "db.invalid"));
    const result = await postgresSqlHost.query({ url, address: "127.0.0.1", text: "select 42 as answer", params: [], readOnly: true, rowLimit: 10, maxBytes: 1024, timeoutMs: 5000, signal: new AbortController().signal });
    assert.deepEqual(result.rows, [{ answer: 42 }]);
  });

  it("in a run, a failed statement goes down the error edge with its code", async () => {
    const built = planOf({
      version: 1,
      name: "pg routed",
      nodes: [
        { id: "t", type: "trigger", config: {} },
        { id: "q", type: "postgres", config: { connection: "{{env.PG_URL}}", query: "select * from no_such_table_here" }, errorPort: true },
        { id: "handled", type: "output", config: { name: "handled", value: "{{q.error.code}}" } },
      ],
      edges: [
        { id: "e1", source: "t", target: "q" },
        { id: "e2", source: "q", sourceHandle: "error", target: "handled" },
      ],
    });
    assert.ok(built.ok, JSON.stringify(!built.ok && built.problems));
    const { result } = await startRun({ plan: built.plan, env: { PG_URL: URL_TEXT }, options: { handler: { allowPrivateHttp: true, sql: postgresSqlHost } } });
    assert.equal(result.status, "completed");
    assert.deepEqual(result.outputs, { handled: POSTGRES_ERROR });
  });
});
