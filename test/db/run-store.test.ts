import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { nodeRuns, runEvents, users, workflows } from "../../lib/db/schema";
import {
  closeWaitpoint,
  createRun,
  finishRun,
  listEvents,
  listNodeRuns,
  listOpenWaitpoints,
  loadRun,
  newId,
  openWaitpoint,
  RunNotFoundError,
  RunStoreConflictError,
  RunStoreInputError,
  saveCheckpoint,
} from "../../lib/runs/store";
import { describeEachDb } from "../support/db";

const definition = { version: 1, name: "demo", nodes: [{ id: "fetch", type: "http" }], edges: [] };

describeEachDb("run store", (getTestDb) => {
  const db = () => getTestDb().handle.db;

  test("round-trips a command-line run, its checkpoint, node runs and events", async () => {
    const id = newId("run");
    const startedAt = new Date("2026-01-02T03:04:05.678Z");
    const created = await createRun(db(), {
      id, versionDefinition: definition, inputs: { city: "Oslo" }, trigger: "cli", runtime: "cli", status: "running", startedAt,
    });
    assert.equal(created.status, "running");
    assert.equal(created.workflowId, null);

    const state = { nodes: { fetch: { status: "completed" } }, nested: [1, "two", null, { deep: true }] };
    await saveCheckpoint(db(), id, {
      state,
      seq: 2,
      status: "paused",
      nodeRuns: [
        { nodeId: "fetch", status: "completed", attempts: 1, output: { status: 200 }, startedAt, finishedAt: "2026-01-02T03:04:06.000Z", durationMs: 322, usage: { tokens: 5 } },
        { nodeId: "item", path: [{ container: "loop1", index: 2 }], status: "running", input: [1, 2] },
      ],
      events: [
        { seq: 1, type: "node.started", payload: { nodeId: "fetch" } },
        { seq: 2, type: "node.completed", payload: { nodeId: "fetch" } },
      ],
    });

    const loaded = await loadRun(db(), id);
    assert.ok(loaded);
    assert.deepEqual(loaded.definition, definition);
    assert.deepEqual(loaded.snapshot?.state, state);
    assert.equal(loaded.snapshot?.seq, 2);
    assert.equal(loaded.run.status, "paused");
    assert.deepEqual(loaded.run.inputs, { city: "Oslo" });
    assert.equal(loaded.run.startedAt.toISOString(), startedAt.toISOString());

    const events = await listEvents(db(), id);
    assert.deepEqual(events.map((e) => [e.seq, e.type, e.payload]), [
      [1, "node.started", { nodeId: "fetch" }],
      [2, "node.completed", { nodeId: "fetch" }],
    ]);
    assert.deepEqual((await listEvents(db(), id, 1)).map((e) => e.seq), [2]);

    const nodes = await listNodeRuns(db(), id);
    const fetch = nodes.find((n) => n.nodeId === "fetch");
    assert.deepEqual(fetch?.output, { status: 200 });
    assert.equal(fetch?.durationMs, 322);
    assert.equal(fetch?.finishedAt?.toISOString(), "2026-01-02T03:04:06.000Z");
    assert.deepEqual(nodes.find((n) => n.nodeId === "item")?.path, [{ container: "loop1", index: 2 }]);

    // jsonb holds objects, not JSON strings (a known double-encoding trap with some drivers).
    const result = await db().execute(sql`select jsonb_typeof(state) as t from run_snapshots where run_id = ${id}`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { t: string }[];
    assert.equal(rows[0].t, "object");

    const finished = await finishRun(db(), id, { status: "completed", outputs: { ok: true }, result: { runId: id, status: "completed" }, durationMs: 1500 });
    assert.equal(finished.status, "completed");
    assert.ok(finished.finishedAt instanceof Date);
    const after = await loadRun(db(), id);
    assert.deepEqual(after?.run.outputs, { ok: true });
    assert.deepEqual(after?.run.result, { runId: id, status: "completed" });
  });

  test("a node instance is one row, updated in place; other paths are other rows", async () => {
    const id = await newRun();
    await saveCheckpoint(db(), id, { state: { n: 1 }, seq: 0, nodeRuns: [{ nodeId: "a", path: [{ container: "loop", index: 0 }], status: "running" }] });
    await saveCheckpoint(db(), id, {
      state: { n: 2 },
      seq: 0,
      nodeRuns: [
        { nodeId: "a", path: [{ container: "loop", index: 0 }], status: "failed", attempts: 3, error: { code: "HTTP_ERROR" }, errorRouted: true },
        { nodeId: "a", path: [{ container: "loop", index: 1 }], status: "running" },
      ],
    });
    const rows = await listNodeRuns(db(), id);
    assert.equal(rows.length, 2);
    const first = rows.find((r) => r.path[0]?.index === 0);
    assert.equal(first?.status, "failed");
    assert.equal(first?.attempts, 3);
    assert.equal(first?.errorRouted, true);
    // The key itself holds at the database level too.
    await assert.rejects(
      db().insert(nodeRuns).values({ runId: id, nodeId: "a", path: [{ container: "loop", index: 1 }], status: "x" }),
      (err: unknown) => hasCode(err, "23505"),
    );
  });

  test("an event seq is stored once; a failing checkpoint writes nothing", async () => {
    const id = await newRun();
    await saveCheckpoint(db(), id, { state: { v: 1 }, seq: 1, events: [{ seq: 1, type: "run.started" }] });
    await assert.rejects(
      saveCheckpoint(db(), id, {
        state: { v: 2 },
        seq: 2,
        nodeRuns: [{ nodeId: "late", status: "completed" }],
        events: [{ seq: 1, type: "duplicate" }, { seq: 2, type: "run.completed" }],
      }),
      RunStoreConflictError,
    );
    assert.deepEqual((await listEvents(db(), id)).map((e) => e.type), ["run.started"]);
    assert.deepEqual(await listNodeRuns(db(), id), []);
    assert.deepEqual((await loadRun(db(), id))?.snapshot?.state, { v: 1 });
    await assert.rejects(db().insert(runEvents).values({ runId: id, seq: 1, type: "raw" }), (err: unknown) => hasCode(err, "23505"));
  });

  test("an older checkpoint never replaces a newer snapshot", async () => {
    const id = await newRun();
    await saveCheckpoint(db(), id, { state: { at: 5 }, seq: 5 });
    await saveCheckpoint(db(), id, { state: { at: 3 }, seq: 3 });
    assert.deepEqual((await loadRun(db(), id))?.snapshot, { seq: 5, state: { at: 5 }, updatedAt: (await loadRun(db(), id))?.snapshot?.updatedAt });
  });

  test("waitpoints open, list, close once, and close with their run", async () => {
    const id = await newRun();
    const wpA = newId("wp");
    const wpB = newId("wp");
    const expiresAt = new Date("2030-01-01T00:00:00.000Z");
    await openWaitpoint(db(), { id: wpA, runId: id, nodeId: "approve", kind: "approval", details: { title: "Ship?" }, expiresAt });
    await openWaitpoint(db(), { id: wpA, runId: id, nodeId: "approve", kind: "approval", details: { title: "Ship it?" }, expiresAt });
    await openWaitpoint(db(), { id: wpB, runId: id, nodeId: "ask", path: [{ container: "par", index: 1 }], kind: "human_input" });
    let open = await listOpenWaitpoints(db(), id);
    assert.deepEqual(open.map((w) => w.id).sort(), [wpA, wpB].sort());
    assert.deepEqual(open.find((w) => w.id === wpA)?.details, { title: "Ship it?" });
    assert.equal(open.find((w) => w.id === wpA)?.expiresAt?.toISOString(), expiresAt.toISOString());

    const decided = await closeWaitpoint(db(), wpA, { status: "decided", decision: { approved: true }, decidedBy: "ann@example.com" });
    assert.equal(decided?.status, "decided");
    assert.equal(await closeWaitpoint(db(), wpA, { status: "decided", decision: { approved: false } }), null, "second decision loses");
    open = await listOpenWaitpoints(db(), id);
    assert.deepEqual(open.map((w) => w.id), [wpB]);

    await finishRun(db(), id, { status: "cancelled" });
    assert.deepEqual(await listOpenWaitpoints(db(), id), []);
  });

  test("runs of a workflow point at numbered versions", async () => {
    const [user] = await db().insert(users).values({ email: `${newId("run")}@example.com` }).returning();
    const workflowId = newId("ver").replace("ver_", "wf_");
    await db().insert(workflows).values({ id: workflowId, ownerId: user.id, name: "Demo", definition });
    const base = { workflowId, ownerId: user.id, versionDefinition: definition, trigger: "manual", runtime: "embedded" } as const;
    const first = await createRun(db(), { ...base, id: newId("run") });
    const second = await createRun(db(), { ...base, id: newId("run") });
    const third = await createRun(db(), { ...base, id: newId("run"), versionDefinition: undefined, versionId: second.versionId });
    const versions = await db().execute(sql`select id, version from workflow_versions where workflow_id = ${workflowId} order by version`);
    const rows = (Array.isArray(versions) ? versions : (versions as { rows: unknown[] }).rows) as { id: string; version: number }[];
    assert.deepEqual(rows.map((r) => [r.id, r.version]), [[first.versionId, 1], [second.versionId, 2]]);
    assert.equal(third.versionId, second.versionId);
  });

  test("bad input is refused with a path and a reason; unknown runs are reported", async () => {
    await assert.rejects(
      createRun(db(), { id: "nope", versionDefinition: definition, trigger: "cli", runtime: "cli" }),
      (err: unknown) => err instanceof RunStoreInputError && /id: must look like "run_<id>"/.test(err.message),
    );
    await assert.rejects(
      saveCheckpoint(db(), newId("run"), { state: {}, seq: 1, nodeRuns: [{ nodeId: "a", status: "x", path: [{ container: "l", index: -1 }] }] }),
      (err: unknown) => err instanceof RunStoreInputError && err.message.includes("nodeRuns.0.path.0.index"),
    );
    await assert.rejects(saveCheckpoint(db(), newId("run"), { state: {}, seq: 0 }), RunNotFoundError);
    assert.equal(await loadRun(db(), newId("run")), null);
    const id = await newRun();
    await assert.rejects(createRun(db(), { id, versionDefinition: definition, trigger: "cli", runtime: "cli" }), RunStoreConflictError);
  });

  async function newRun(): Promise<string> {
    const id = newId("run");
    await createRun(db(), { id, versionDefinition: definition, trigger: "cli", runtime: "cli", status: "running" });
    return id;
  }
});

function hasCode(err: unknown, code: string): boolean {
  for (let e = err; e; e = (e as { cause?: unknown }).cause) if ((e as { code?: unknown }).code === code) return true;
  return false;
}
