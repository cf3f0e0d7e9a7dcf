import assert from "node:assert/strict";
import { test } from "node:test";
import { continueRun, replayJournal, startRun, type CheckpointJournal, type JournalEntry, type RunEvent, type RunState } from "../../lib/engine/index";
import { plan, wf } from "./helpers";

const clone = (state: RunState): RunState => JSON.parse(JSON.stringify(state));

// Variables, a retry, an error route, a skipped branch, a loop and a parallel body, two nodes at once.
const mixed = wf(
  [
    { id: "t", type: "trigger" },
    { id: "setX", type: "set", config: { name: "x", value: "{{inputs.x}}" } },
    { id: "flaky1", type: "flaky", config: { failures: 1 }, retry: { maxAttempts: 3, backoffMs: 0 } },
    { id: "bad", type: "boom" },
    { id: "caught", type: "value", config: { value: "caught {{bad.error.message}}" } },
    { id: "never", type: "value" },
    { id: "loop1", type: "loop", config: { mode: "count", count: 3 } },
    { id: "body", type: "value", config: { value: "{{loop.index}}-{{var.x}}" }, parentId: "loop1" },
    { id: "par", type: "parallel", config: { mode: "count", count: 2 } },
    { id: "branch", type: "value", config: { value: "{{parallel.index}}" }, parentId: "par" },
    { id: "end", type: "value", config: { value: "{{flaky1.attempt}} {{loop1.count}} {{caught.value}}" } },
  ],
  ["t->setX", "t->bad", "setX->flaky1", "bad-error->caught", "bad->never", "flaky1->loop1", "loop1->par", "par->end", "caught->end"],
);

interface Taken {
  state: RunState;
  journal: CheckpointJournal;
}

async function checkpointsOf(definition: unknown, concurrency: number) {
  const p = plan(definition);
  let clock = 1_000_000;
  const taken: Taken[] = [];
  const { result } = await startRun({
    plan: p,
    inputs: { x: 7 },
    options: { concurrency, now: () => (clock += 3) },
    hooks: { onCheckpoint: (state, _events, journal) => void taken.push({ state: clone(state), journal: { ...journal, entries: structuredClone(journal.entries) } }) },
  });
  return { p, result, taken };
}

test("replaying the journals after a snapshot rebuilds every later checkpoint's state exactly", async () => {
  for (const concurrency of [1, 2, 32]) {
    const { p, result, taken } = await checkpointsOf(mixed, concurrency);
    assert.equal(result.status, "completed", JSON.stringify(result.nodes));
    assert.ok(taken.length > 5);
    assert.equal(taken[0].journal.exact, false, "the first checkpoint follows changes made before the driver ran");
    let compared = 0;
    for (let i = 0; i < taken.length; i++) {
      const entries: JournalEntry[] = [];
      for (let j = i + 1; j < taken.length && taken[j].journal.exact; j++) {
        entries.push(...taken[j].journal.entries);
        assert.deepEqual(replayJournal(p, clone(taken[i].state), entries), taken[j].state, `concurrency ${concurrency}: snapshot ${i} + journals up to ${j}`);
        compared++;
      }
    }
    assert.ok(compared > taken.length, `compared ${compared}`);
  }
});

test("a journal entry survives JSON (it is what a store writes)", async () => {
  const { p, taken } = await checkpointsOf(mixed, 2);
  const entries = taken.slice(1).flatMap((t) => t.journal.entries);
  const rebuilt = replayJournal(p, clone(taken[0].state), JSON.parse(JSON.stringify(entries)));
  assert.deepEqual(rebuilt, taken.at(-1)!.state);
});

test("crash recovery from a sparse snapshot plus journals: no completed node runs twice", async () => {
  const length = 12;
  const nodes = [{ id: "t", type: "trigger" }, ...Array.from({ length }, (_, i) => ({ id: `n${i}`, type: "set", config: { name: `v${i}`, value: i } }))];
  const edges = ["t->n0", ...Array.from({ length: length - 1 }, (_, i) => `n${i}->n${i + 1}`)];
  const p = plan(wf(nodes, edges));
  for (const crashAt of [2, 4, 5, 9]) {
    // The "store": a snapshot every 4th checkpoint (and whenever required), journals in between.
    let snapshot: RunState | undefined;
    let journals: JournalEntry[] = [];
    let count = 0;
    const persist = (state: RunState, journal: CheckpointJournal) => {
      count++;
      if (!journal.exact || state.status !== "running" || count % 4 === 0) {
        snapshot = clone(state);
        journals = [];
      } else journals.push(...structuredClone(journal.entries));
      if (count === crashAt) throw new Error("crash");
    };
    const started: RunEvent[] = [];
    const onEvent = (e: RunEvent) => void (e.type === "node.started" && started.push(e));
    await assert.rejects(startRun({ plan: p, runId: "run_x", hooks: { onEvent, onCheckpoint: (s, _e, j) => persist(s, j) } }), /crash/);

    const recovered = replayJournal(p, clone(snapshot!), journals);
    const done = Object.entries(recovered.frames[""].nodes).filter(([, n]) => n.status === "completed").map(([id]) => id);
    const second: string[] = [];
    const { result } = await continueRun({ plan: p, state: recovered, hooks: { onEvent: (e) => void (e.type === "node.started" && second.push(e.key.nodeId)) } });
    assert.equal(result.status, "completed");
    for (const id of done) assert.ok(!second.includes(id), `crash at ${crashAt}: ${id} completed before the crash and ran again`);
    const all = [...started.map((e) => (e as { key: { nodeId: string } }).key.nodeId), ...second];
    for (let i = 0; i < length; i++) assert.equal(all.filter((id) => id === `n${i}`).length, 1, `crash at ${crashAt}: n${i} ran once`);
    assert.deepEqual(Object.keys(result.nodes).filter((id) => result.nodes[id].status === "completed").length, length + 1);
  }
});
