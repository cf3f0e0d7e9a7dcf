// Two server processes on one PostgreSQL, both sweeping every 100 ms for orphaned runs: 200 runs
// started on the first are executed by exactly one of them (a run is inserted claimed by the
// execution that runs it, recovery takes only expired leases): one run.started each, and every
// request sent once (counted per Idempotency-Key by the receiving server).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { openDb } from "../../lib/db/client";
import { runEvents, runs } from "../../lib/db/schema";
import type { Db } from "../../lib/db/types";
import { createTestPostgresDatabase, TEST_DB_KINDS } from "../support/db";
import { createUser, createWorkflowRow, edge, node, workflow } from "./helpers";
import { killAllRunServers, RunServer, startKeyCountingServer, type KeyCountingServer } from "./server-harness";

const RUNS = 200;

describe("two instances on one PostgreSQL", { skip: !TEST_DB_KINDS.includes("postgres"), timeout: 20 * 60_000 }, () => {
  let http: KeyCountingServer;
  let url: string;
  let drop: () => Promise<void>;
  let db: Db;
  let close: () => Promise<void>;
  let userId: string;
  let workflowId: string;

  before(async () => {
    http = await startKeyCountingServer();
    const database = await createTestPostgresDatabase();
    url = database.url;
    drop = database.drop;
    const handle = await openDb({ databaseUrl: url, poolSize: 4 });
    db = handle.db;
    close = () => handle.close();
    userId = await createUser(db);
    const definition = workflow(
      "two instances",
      [
        node("t", "trigger"),
        node("a", "http", { method: "POST", url: `${http.url}/a`, body: { n: 1 } }),
        node("b", "http", { method: "POST", url: `${http.url}/b`, body: "{{a.data.got}}" }),
        node("o", "output", { name: "got", value: "{{b.data.got.n}}" }),
      ],
      [edge("t", "a"), edge("a", "b"), edge("b", "o")],
    );
    workflowId = await createWorkflowRow(db, userId, definition);
  });
  after(async () => {
    await killAllRunServers();
    await close();
    await http.close();
    await drop();
  });

  test(`${RUNS} runs started on one instance run once each, while the other sweeps every 100 ms`, async () => {
    const env = { DATABASE_URL: url, FLOWMAESTRO_ALLOW_PRIVATE_HTTP: "1", FLOWMAESTRO_SWEEP_MS: "100", FLOWMAESTRO_FAULTS: "" };
    const [first, second] = await Promise.all([RunServer.start(env), RunServer.start(env)]);
    try {
      const started = await Promise.all(Array.from({ length: RUNS }, () => first.call("start", { userId, workflowId })));
      const ids = started.map((s) => String(s.runId));
      const settled = await Promise.all(ids.map((runId) => first.call("await", { runId })));
      assert.deepEqual([...new Set(settled.map((s) => s.status))], ["completed"]);
      for (const runId of ids) {
        const [row] = await db.select({ outputs: runs.outputs }).from(runs).where(eq(runs.id, runId));
        assert.deepEqual(row.outputs, { got: 1 });
        const startedEvents = await db.select({ seq: runEvents.seq }).from(runEvents).where(eq(runEvents.runId, runId));
        assert.ok(startedEvents.length > 0);
      }
      const runStarted = await db.select({ runId: runEvents.runId }).from(runEvents).where(eq(runEvents.type, "run.started"));
      const perRun = new Map<string, number>();
      for (const { runId } of runStarted) perRun.set(runId, (perRun.get(runId) ?? 0) + 1);
      assert.deepEqual(ids.filter((id) => perRun.get(id) !== 1), [], "exactly one run.started per run");
      const sent = [...http.keys].filter(([key]) => ids.some((id) => key.startsWith(`${id}:`)));
      assert.equal(sent.length, RUNS * 2, "two requests per run, each under its own key");
      assert.deepEqual(sent.filter(([, count]) => count !== 1), [], "every request sent once");
    } finally {
      await Promise.all([first.kill(), second.kill()]);
    }
  });
});
