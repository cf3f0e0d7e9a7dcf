// A run's last checkpoint and its end are one write (issue 18): for a run with no parent and nothing
// open in its state, one statement (lib/runs/store/checkpoint-sql.ts). It must leave the store as
// the full path does (snapshot transaction + finishRun): the run ended and its lease given up, its
// events, node runs and snapshot stored, its journal dropped, answered waitpoints marked applied and
// open rows closed. Fenced: an execution that lost the lease writes nothing at all.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eq } from "drizzle-orm";
import { runJournal, runs, runSnapshots, waitpoints } from "../../lib/db/schema";
import { createRun, LeaseLostError, listEvents, listNodeRuns, newId, saveCheckpoint, type CheckpointInput, type FinishRunInput } from "../../lib/runs/store";
import { describeEachDb } from "../support/db";

const definition = { version: 1, name: "end", nodes: [{ id: "t", type: "trigger", config: {} }], edges: [] };

describeEachDb("a run's last checkpoint and its end", (getTestDb) => {
  const db = () => getTestDb().handle.db;

  async function runWithRows(): Promise<string> {
    const runId = newId("run");
    await createRun(db(), { id: runId, versionDefinition: definition, trigger: "api", runtime: "embedded", status: "running", lease: { owner: "me", ttlMs: 60_000 } });
    const past = new Date(Date.now() - 1000);
    const later = new Date(Date.now() + 3_600_000);
    await db()
      .insert(waitpoints)
      .values([
        { id: `${runId}-late`, runId, nodeId: "a", kind: "approval", status: "open", expiresAt: past },
        { id: `${runId}-open`, runId, nodeId: "b", kind: "approval", status: "open", expiresAt: later },
        { id: `${runId}-answered`, runId, nodeId: "c", kind: "approval", status: "decided", decision: { ok: true }, decidedAt: past },
      ]);
    await db().insert(runJournal).values({ runId, seq: 1, entries: [{ input: { type: "x" } }] });
    return runId;
  }

  const last = (runId: string): CheckpointInput => ({
    state: { runId, status: "completed", marker: "last" },
    seq: 3,
    events: [
      { seq: 2, type: "node.completed", payload: { type: "node.completed", key: { nodeId: "t", path: [] } } },
      { seq: 3, type: "run.finished", payload: { type: "run.finished" } },
    ],
    nodeRuns: [{ nodeId: "t", status: "completed", attempts: 1, output: { n: 1 }, finishedAt: new Date() }],
    waitpoints: [],
  });
  const end: FinishRunInput = { status: "completed", outputs: { t: { n: 1 } }, result: { status: "completed", outputs: { t: { n: 1 } } }, durationMs: 7 };

  test("one write: the run ended, its rows stored, its journal dropped, its waitpoints closed", async () => {
    const runId = await runWithRows();
    await saveCheckpoint(db(), runId, last(runId), { owner: "me" }, end);
    const [run] = await db().select().from(runs).where(eq(runs.id, runId));
    assert.equal(run.status, "completed");
    assert.deepEqual(run.outputs, { t: { n: 1 } });
    assert.deepEqual(run.result, { status: "completed", outputs: { t: { n: 1 } } });
    assert.equal(run.error, null);
    assert.equal(run.durationMs, 7);
    assert.ok(run.finishedAt);
    assert.equal(run.leaseOwner, null);
    assert.equal(run.leaseExpiresAt, null);
    assert.equal(run.inbox, 0);
    assert.deepEqual((await listEvents(db(), runId)).map((e) => e.seq), [2, 3]);
    assert.deepEqual((await listNodeRuns(db(), runId)).map((n) => [n.nodeId, n.status, n.output]), [["t", "completed", { n: 1 }]]);
    const [snapshot] = await db().select().from(runSnapshots).where(eq(runSnapshots.runId, runId));
    assert.equal(snapshot.seq, 3);
    assert.deepEqual(snapshot.state, { runId, status: "completed", marker: "last" });
    assert.deepEqual(await db().select().from(runJournal).where(eq(runJournal.runId, runId)), []);
    const rows = new Map((await db().select().from(waitpoints).where(eq(waitpoints.runId, runId))).map((w) => [w.id.slice(runId.length + 1), w]));
    assert.equal(rows.get("late")?.status, "expired");
    assert.equal(rows.get("open")?.status, "cancelled");
    assert.ok(rows.get("open")?.decidedAt);
    assert.equal(rows.get("answered")?.status, "decided");
    assert.ok(rows.get("answered")?.appliedAt, "an answer the run had taken in is marked applied");
  });

  test("fenced: another owner's end writes nothing", async () => {
    const runId = await runWithRows();
    await assert.rejects(saveCheckpoint(db(), runId, last(runId), { owner: "someone else" }, end), LeaseLostError);
    const [run] = await db().select().from(runs).where(eq(runs.id, runId));
    assert.equal(run.status, "running");
    assert.equal(run.leaseOwner, "me");
    assert.deepEqual(await listEvents(db(), runId), []);
    assert.deepEqual(await db().select().from(runSnapshots).where(eq(runSnapshots.runId, runId)), []);
    assert.equal((await db().select().from(runJournal).where(eq(runJournal.runId, runId))).length, 1);
    assert.equal((await db().select().from(waitpoints).where(eq(waitpoints.status, "open"))).filter((w) => w.runId === runId).length, 2);
  });

  test("an older snapshot never replaces a newer one, the end is written all the same", async () => {
    const runId = await runWithRows();
    await db().insert(runSnapshots).values({ runId, seq: 9, state: { newer: true } });
    await saveCheckpoint(db(), runId, last(runId), { owner: "me" }, end);
    const [snapshot] = await db().select().from(runSnapshots).where(eq(runSnapshots.runId, runId));
    assert.deepEqual(snapshot.state, { newer: true });
    assert.equal((await db().select().from(runs).where(eq(runs.id, runId)))[0].status, "completed");
  });
});
