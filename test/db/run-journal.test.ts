import assert from "node:assert/strict";
import { test } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { sql } from "drizzle-orm";
import { startRun, type RunState } from "../../lib/engine";
import { createRunRecorder, SNAPSHOT_AFTER_BYTES } from "../../lib/runs/recorder";
import { loadRunState } from "../../lib/runs/snapshot";
import { createRun, listEvents, listNodeRuns, listTopLevelNodeRuns, loadRun, newId, RunNotFoundError, RunStoreConflictError, RunStoreInputError, saveCheckpoint } from "../../lib/runs/store";
import { planOf } from "../../lib/runs/plan";
import { describeEachDb } from "../support/db";

const clone = (state: RunState): RunState => JSON.parse(JSON.stringify(state));

// A chain with a loop in the middle: nested instances and containers in the journal too.
function definition(length: number) {
  const nodes: unknown[] = [{ id: "t", type: "trigger", config: {} }];
  const edges: unknown[] = [];
  let previous = "t";
  for (let i = 0; i < length; i++) {
    nodes.push({ id: `n${i}`, type: "variable", config: { name: "step", value: i } });
    edges.push({ id: `e${i}`, source: previous, target: `n${i}` });
    previous = `n${i}`;
  }
  nodes.push({ id: "loop1", type: "loop", config: { mode: "count", count: 3 } });
  nodes.push({ id: "body", type: "variable", config: { name: "round", value: "{{loop.index}}" }, parentId: "loop1" });
  edges.push({ id: "eloop", source: previous, target: "loop1" });
  return { version: 1, name: "journal", nodes, edges };
}

describeEachDb("run journal", (getTestDb) => {
  const db = () => getTestDb().handle.db;

  test("snapshot + journal rows replayed equal the state at every checkpoint; snapshots clear the journal", async () => {
    const def = definition(20);
    const built = planOf(def);
    assert.ok(built.ok, JSON.stringify(!built.ok && built.problems));
    const runId = newId("run");
    await createRun(db(), { id: runId, versionDefinition: def, trigger: "cli", runtime: "cli", status: "running" });
    let journals = 0;
    let snapshots = 0;
    const mismatches: number[] = [];
    let checkpoint = 0;
    const recorder = createRunRecorder({
      nextSeq: 0,
      snapshotEvery: 7,
      async write(c, state) {
        if (c.state === undefined) journals++;
        else snapshots++;
        await saveCheckpoint(db(), runId, c);
        const loaded = await loadRunState(db(), runId);
        if (!isDeepStrictEqual(loaded?.state, clone(state))) mismatches.push(checkpoint);
        assert.equal(loaded?.nextSeq, recorder.nextSeq());
        checkpoint++;
      },
    });
    const { result } = await startRun({ plan: built.plan, runId, hooks: recorder.hooks, options: { concurrency: 1 } });
    assert.equal(result.status, "completed");
    assert.deepEqual(mismatches, []);
    assert.ok(journals > snapshots, `${journals} journal checkpoints, ${snapshots} snapshots`);
    const loaded = await loadRun(db(), runId);
    assert.deepEqual(loaded?.journal, [], "the final (finished) checkpoint is a snapshot that covers the journal");
    const left = await db().execute(sql`select count(*)::int as n from run_journal where run_id = ${runId}`);
    const rows = (Array.isArray(left) ? left : (left as { rows: { n: number }[] }).rows) as { n: number }[];
    assert.equal(rows[0].n, 0);
    const events = await listEvents(db(), runId);
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i));
    const nodeRows = await listNodeRuns(db(), runId);
    assert.equal(nodeRows.filter((r) => r.status === "completed").length, 1 + 20 + 1 + 3);
  });

  // The command line keeps a run's record for one write at the end; a big run (issue 18: a 10,000-
  // iteration loop of 100 KB outputs held 1 GB) spills into the store once past a size, and then
  // writes as it goes; ended node runs are not kept after their write either way.
  test("kept for one write until past its size, then written as it goes: the store ends as complete as with a writer", async () => {
    const def = definition(30);
    const built = planOf(def);
    assert.ok(built.ok);
    const runId = newId("run");
    await createRun(db(), { id: runId, versionDefinition: def, trigger: "cli", runtime: "cli", status: "running" });
    const writes: { snapshot: boolean; firstSeq: number | undefined }[] = [];
    const recorder = createRunRecorder({
      nextSeq: 0,
      spill: {
        afterBytes: 2000,
        async write(c) {
          writes.push({ snapshot: c.state !== undefined, firstSeq: c.events?.[0]?.seq });
          await saveCheckpoint(db(), runId, c);
        },
      },
    });
    const { result } = await startRun({ plan: built.plan, runId, hooks: recorder.hooks, options: { concurrency: 1 } });
    assert.equal(result.status, "completed");
    assert.equal(recorder.writing(), true, "it spilled");
    assert.ok(writes.length > 3, `${writes.length} writes`);
    // The first write carries everything kept so far, from the first event, with the full state.
    assert.deepEqual(writes[0], { snapshot: true, firstSeq: 0 });
    const rest = recorder.drain();
    if (rest) await saveCheckpoint(db(), runId, rest);
    const events = await listEvents(db(), runId);
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i), "every event stored once, in order");
    assert.equal((await listNodeRuns(db(), runId)).filter((r) => r.status === "completed").length, 1 + 30 + 1 + 3);
    assert.equal((await loadRunState(db(), runId))?.state?.status, "completed");

    // Below its size, nothing is written: all of it comes out of drain().
    const small = createRunRecorder({ nextSeq: 0, spill: { afterBytes: 10_000_000, write: async () => assert.fail("written") } });
    await startRun({ plan: built.plan, hooks: small.hooks });
    assert.equal(small.writing(), false);
    assert.equal(small.drain()?.events?.length, events.length);
  });

  // Whoever loads a running run (its result polled over the API, a recovery) replays the journal
  // since the last snapshot: a snapshot comes once 4 MiB of events went into journals, not only
  // every 100 checkpoints (100 of a 100 KB-per-iteration loop were 10 MB to read for each poll).
  test("a snapshot is written once the journals since the last one pass SNAPSHOT_AFTER_BYTES; the top-level node runs are read alone", async () => {
    const def = {
      version: 1,
      name: "big outputs",
      nodes: [
        { id: "t", type: "trigger", config: {} },
        { id: "loop1", type: "loop", config: { mode: "count", count: 120 } },
        { id: "body", type: "variable", config: { name: "blob", value: "{{inputs.blob}}" }, parentId: "loop1" },
      ],
      edges: [{ id: "e1", source: "t", target: "loop1" }],
    };
    const built = planOf(def);
    assert.ok(built.ok);
    const runId = newId("run");
    await createRun(db(), { id: runId, versionDefinition: def, trigger: "cli", runtime: "cli", status: "running" });
    let journalBytes = 0;
    let largestStretch = 0;
    let snapshots = 0;
    const recorder = createRunRecorder({
      nextSeq: 0,
      async write(c) {
        if (c.state === undefined) journalBytes += JSON.stringify(c.journal).length;
        else {
          snapshots++;
          journalBytes = 0;
        }
        largestStretch = Math.max(largestStretch, journalBytes);
        await saveCheckpoint(db(), runId, c);
      },
    });
    const blob = "x".repeat(100_000);
    const { result } = await startRun({ plan: built.plan, runId, inputs: { blob }, hooks: recorder.hooks, options: { concurrency: 1 } });
    assert.equal(result.status, "completed");
    // 120 outputs of 100 KB: 12 MB of journal, so at least two snapshots on the way besides the first and last.
    assert.ok(snapshots >= 4, `${snapshots} snapshots`);
    assert.ok(largestStretch < SNAPSHOT_AFTER_BYTES + 300_000, `${largestStretch} journal bytes between two snapshots`);
    const top = await listTopLevelNodeRuns(db(), runId);
    assert.deepEqual(top.map((r) => r.nodeId).sort(), ["loop1", "t"]);
    assert.equal((await listNodeRuns(db(), runId)).length, 2 + 120);
  });

  test("the durability rule: checkpoints of pure nodes wait for the next write; a node with effects, the end, time and size write", async () => {
    // trigger → 5 variables → delay (not pure) → 5 variables.
    const nodes: unknown[] = [{ id: "t", type: "trigger", config: {} }];
    const edges: unknown[] = [];
    const chain = ["a0", "a1", "a2", "a3", "a4", "wait", "b0", "b1", "b2", "b3", "b4"];
    chain.forEach((id, i) => {
      nodes.push(id === "wait" ? { id, type: "delay", config: { ms: 1 } } : { id, type: "variable", config: { name: "step", value: i } });
      edges.push({ id: `e${i}`, source: i === 0 ? "t" : chain[i - 1], target: id });
    });
    const def = { version: 1, name: "durability", nodes, edges };
    const built = planOf(def);
    assert.ok(built.ok, JSON.stringify(!built.ok && built.problems));
    const plan = built.plan;
    const isPure = (nodeId: string) => plan.nodes.get(nodeId)?.handler.pure === true;

    async function record(rule: { maxMs: number; maxEvents: number; maxBytes: number; now: () => number }) {
      const runId = newId("run");
      await createRun(db(), { id: runId, versionDefinition: def, trigger: "cli", runtime: "cli", status: "running" });
      const written: string[][] = [];
      const mismatches: number[] = [];
      const recorder = createRunRecorder({
        nextSeq: 0,
        deferPure: { isPure, ...rule },
        async write(c, state) {
          written.push([...new Set((c.events ?? []).flatMap((e) => ("key" in (e.payload as object) ? [(e.payload as { key: { nodeId: string } }).key.nodeId] : [])))]);
          await saveCheckpoint(db(), runId, c);
          // What is stored replays to the state of this checkpoint, merged journals included.
          if (!isDeepStrictEqual((await loadRunState(db(), runId))?.state, clone(state))) mismatches.push(written.length);
        },
      });
      const { result } = await startRun({ plan, runId, hooks: recorder.hooks, options: { concurrency: 1 } });
      assert.equal(result.status, "completed");
      assert.deepEqual(mismatches, []);
      const events = await listEvents(db(), runId);
      assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i), "every event stored once, in order");
      assert.equal((await listNodeRuns(db(), runId)).filter((r) => r.status === "completed").length, 12);
      return written;
    }

    const still = () => 0;
    const deferred = await record({ maxMs: 1000, maxEvents: 1000, maxBytes: 1 << 20, now: still });
    // Written around the delay only: once it is ready (everything before merged in), once it ended, and at the end.
    assert.deepEqual(deferred, [["t", "a0", "a1", "a2", "a3", "a4"], ["wait"], ["b0", "b1", "b2", "b3", "b4"]]);

    // Past maxMs since the last write: every checkpoint is written, as without the rule.
    let clock = 0;
    const ticking = await record({ maxMs: 200, maxEvents: 1000, maxBytes: 1 << 20, now: () => (clock += 250) });
    assert.ok(ticking.length >= 12, `${ticking.length} writes`);
    // And past maxEvents or maxBytes.
    assert.ok((await record({ maxMs: 1000, maxEvents: 2, maxBytes: 1 << 20, now: still })).length >= 6);
    assert.ok((await record({ maxMs: 1000, maxEvents: 1000, maxBytes: 100, now: still })).length >= 12);
  });

  test("a journal checkpoint writes events, node runs and the journal; same seq appends; errors are typed", async () => {
    const runId = newId("run");
    await createRun(db(), { id: runId, versionDefinition: definition(1), trigger: "cli", runtime: "cli", status: "running" });
    await saveCheckpoint(db(), runId, { state: { v: 0 }, seq: 0, events: [{ seq: 0, type: "run.started" }] });
    const startedAt = new Date("2026-01-02T03:04:05.678Z");
    await saveCheckpoint(db(), runId, {
      journal: [{ a: 1 }],
      seq: 1,
      events: [{ seq: 1, type: "node.completed", payload: { x: 1 } }],
      nodeRuns: [{ nodeId: "n0", path: [{ container: "loop1", index: 2 }], status: "completed", attempts: 1, output: { y: [1, "two"] }, startedAt, usage: { tokens: 3 } }],
    });
    await saveCheckpoint(db(), runId, { journal: [{ b: 2 }], seq: 1 });
    const loaded = await loadRun(db(), runId);
    assert.deepEqual(loaded?.snapshot?.state, { v: 0 });
    assert.deepEqual(loaded?.journal, [{ seq: 1, entries: [{ a: 1 }, { b: 2 }] }]);
    const [row] = await listNodeRuns(db(), runId);
    assert.deepEqual(
      { path: row.path, status: row.status, attempts: row.attempts, output: row.output, startedAt: row.startedAt?.toISOString(), usage: row.usage, error: row.error },
      { path: [{ container: "loop1", index: 2 }], status: "completed", attempts: 1, output: { y: [1, "two"] }, startedAt: startedAt.toISOString(), usage: { tokens: 3 }, error: null },
    );
    assert.deepEqual((await listEvents(db(), runId)).map((e) => [e.seq, e.type, e.payload]), [[0, "run.started", {}], [1, "node.completed", { x: 1 }]]);
    await assert.rejects(saveCheckpoint(db(), runId, { journal: [], seq: 1, events: [{ seq: 1, type: "again" }] }), RunStoreConflictError);
    await assert.rejects(saveCheckpoint(db(), newId("run"), { journal: [], seq: 0, events: [{ seq: 0, type: "x" }] }), RunNotFoundError);
    await assert.rejects(saveCheckpoint(db(), newId("run"), { journal: [], seq: 0 }), RunNotFoundError);
    await assert.rejects(saveCheckpoint(db(), runId, { seq: 2 }), RunStoreInputError);
    // A snapshot at seq 1 covers (and deletes) the journal up to it.
    await saveCheckpoint(db(), runId, { state: { v: 1 }, seq: 1 });
    assert.deepEqual((await loadRun(db(), runId))?.journal, []);
  });
});
