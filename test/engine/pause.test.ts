import assert from "node:assert/strict";
import { test } from "node:test";
import { cancelRun, expireWaitpoints, replayJournal, resumeRun, startRun, type CheckpointJournal, type RunEvent, type RunState } from "../../lib/engine/index";
import { plan, wf } from "./helpers";

const roundTrip = (state: RunState): RunState => JSON.parse(JSON.stringify(state));
const recordedOf = (nodes: Record<string, { output?: unknown }>) => Object.fromEntries(Object.entries(nodes).filter(([, n]) => "output" in n).map(([id, n]) => [id, n.output]));

const approvalWf = wf(
  [
    { id: "t", type: "trigger" },
    { id: "before", type: "value", config: { value: "{{inputs.x}}" } },
    { id: "ask", type: "ask", config: { question: "ship {{before.value}}?" } },
    { id: "yes", type: "value", config: { value: "yes after {{before.value}}: {{ask.question}}" } },
    { id: "no", type: "value" },
  ],
  ["t->before", "before->ask", "ask-yes->yes", "ask-no->no"],
);

test("a pausing node pauses the run; resume through a JSON round trip of the state completes it", async () => {
  const p = plan(approvalWf);
  let clock = 1_000_000;
  const options = { now: () => clock };
  const first = await startRun({ plan: p, inputs: { x: 7 }, options });
  assert.equal(first.result.status, "paused");
  assert.equal(first.result.nodes.ask.status, "paused");
  assert.equal(first.result.nodes.yes.status, "pending");
  assert.equal(first.result.waiting?.length, 1);
  const waiting = first.result.waiting![0];
  assert.match(waiting.id, /^wp_/);
  assert.equal(waiting.kind, "approval");
  assert.equal(waiting.expiresAt, new Date(1_000_000 + 60_000).toISOString());

  clock += 5_000; // paused time is not running time
  const snapshot = roundTrip(first.state);
  const resumed = await resumeRun({ plan: p, state: snapshot, nodeId: "ask", input: { ok: true }, options, recordedOutputs: recordedOf(first.result.nodes) });
  assert.ok(resumed.ok);
  assert.equal(resumed.result.status, "completed");
  assert.deepEqual(resumed.result.nodes.yes.output, { value: "yes after 7: ship 7?" });
  assert.equal(resumed.result.nodes.no.status, "skipped");
  assert.deepEqual(resumed.result.nodes.before.output, { value: 7 });
  assert.equal(resumed.result.durationMs, 0);
  assert.equal(resumed.result.waiting, undefined);
});

test("refused input leaves the state untouched; unknown, ambiguous and not-paused are reported", async () => {
  const p = plan(approvalWf);
  const first = await startRun({ plan: p, inputs: { x: 1 } });
  const before = JSON.stringify(first.state);
  const refused = await resumeRun({ plan: p, state: first.state, nodeId: "ask", input: { ok: "maybe" } });
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.problem.code, "REFUSED");
  assert.equal(JSON.stringify(first.state), before);
  const unknown = await resumeRun({ plan: p, state: first.state, waitpointId: "wp_nope", input: {} });
  assert.equal(!unknown.ok && unknown.problem.code, "NOT_FOUND");

  const parallel = plan(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "P", type: "parallel", config: { mode: "count", count: 2 } },
        { id: "ask", type: "ask", parentId: "P" },
      ],
      ["t->P"],
    ),
  );
  const paused = await startRun({ plan: parallel });
  assert.equal(paused.result.waiting?.length, 2);
  assert.deepEqual(paused.result.waiting?.map((w) => w.path?.[0].index).sort(), [0, 1]);
  const ambiguous = await resumeRun({ plan: parallel, state: paused.state, nodeId: "ask", input: { ok: true } });
  assert.equal(!ambiguous.ok && ambiguous.problem.code, "AMBIGUOUS");
  let state = roundTrip(paused.state);
  for (const w of paused.result.waiting!) {
    const step = await resumeRun({ plan: parallel, state: roundTrip(state), waitpointId: w.id, input: { ok: w.path![0].index === 0 } });
    assert.ok(step.ok);
    state = step.state;
  }
  assert.equal(state.status, "completed");
  const done = await resumeRun({ plan: parallel, state, nodeId: "ask", input: {} });
  assert.equal(!done.ok && done.problem.code, "NOT_PAUSED");
});

test("resuming gives the same result as a run without the JSON round trip", async () => {
  const p = plan(approvalWf);
  const a = await startRun({ plan: p, inputs: { x: 3 }, runId: "run_same" });
  const b = await startRun({ plan: p, inputs: { x: 3 }, runId: "run_same" });
  const ra = await resumeRun({ plan: p, state: a.state, nodeId: "ask", input: { ok: false } });
  const rb = await resumeRun({ plan: p, state: roundTrip(b.state), nodeId: "ask", input: { ok: false } });
  assert.ok(ra.ok && rb.ok);
  const strip = (s: RunState) => JSON.stringify(s, (k, v) => (["startedAt", "attemptStartedAt", "finishedAt", "segmentStartedAt", "activeMs", "openedAt", "expiresAt"].includes(k) ? 0 : v));
  assert.equal(strip(ra.state), strip(rb.state));
  assert.deepEqual(ra.result.outputs, rb.result.outputs);
});

test("an expired waitpoint times out (TIMEOUT, routable) when the run is next touched", async () => {
  const p = plan(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "ask", type: "ask", config: { timeoutMs: 1000 } },
        { id: "late", type: "value", config: { value: "{{ask.error.code}}" } },
      ],
      ["t->ask", "ask-error->late"],
    ),
  );
  let clock = 0;
  const first = await startRun({ plan: p, options: { now: () => clock } });
  clock = 999;
  const early = await expireWaitpoints({ plan: p, state: roundTrip(first.state), options: { now: () => clock } });
  assert.equal(early.result.status, "paused");
  clock = 1000;
  const late = await expireWaitpoints({ plan: p, state: roundTrip(first.state), options: { now: () => clock } });
  assert.equal(late.result.status, "completed");
  assert.equal(late.result.nodes.ask.error?.code, "TIMEOUT");
  assert.deepEqual(late.result.nodes.late.output, { value: "TIMEOUT" });
  const tooLate = await resumeRun({ plan: p, state: roundTrip(first.state), nodeId: "ask", input: { ok: true }, options: { now: () => clock } });
  assert.equal(!tooLate.ok && tooLate.problem.code, "EXPIRED");
  assert.equal(tooLate.result?.status, "completed");
});

test("a pause inside a loop resumes the right iteration and the loop continues", async () => {
  const p = plan(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "L", type: "loop", config: { mode: "count", count: 2 } },
        { id: "ask", type: "ask", parentId: "L", config: { question: "q{{loop.index}}" } },
      ],
      ["t->L"],
    ),
  );
  let outcome = await startRun({ plan: p });
  for (const index of [0, 1]) {
    assert.equal(outcome.result.status, "paused");
    assert.deepEqual(outcome.result.waiting?.[0].path, [{ container: "L", index }]);
    const step = await resumeRun({ plan: p, state: roundTrip(outcome.state), nodeId: "ask", input: { ok: true } });
    assert.ok(step.ok);
    outcome = step;
  }
  assert.equal(outcome.result.status, "completed");
  assert.deepEqual(outcome.result.nodes.L.output, { results: [{ ok: true, question: "q0" }, { ok: true, question: "q1" }], count: 2 });
});

test("a checkpoint taken while running continues in a new process: in-flight attempts run again as the same attempts", async () => {
  const { continueRun } = await import("../../lib/engine/index");
  const { gates } = await import("./helpers");
  const p = plan(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "a", type: "value", config: { value: "A" } },
        { id: "slow", type: "gate", config: { name: "crash-slow" } },
        { id: "j", type: "value", config: { value: "{{a.value}}{{slow.gate}}" } },
      ],
      ["t->a", "t->slow", "a->j", "slow->j"],
    ),
  );
  let snapshot: RunState | undefined;
  const first = startRun({
    plan: p,
    hooks: {
      onCheckpoint: (state) => {
        if (!snapshot && state.frames[""].nodes.a.status === "completed" && state.frames[""].nodes.slow.status === "running") {
          snapshot = roundTrip(state);
          gates.open("crash-slow");
        }
      },
    },
  });
  await first;
  assert.ok(snapshot, "a checkpoint with slow in flight");
  const attemptStartedAt = snapshot.frames[""].nodes.slow.attemptStartedAt;
  const events: RunEvent[] = [];
  const continued = await continueRun({ plan: p, state: snapshot, hooks: { onEvent: (e) => events.push(e) } });
  assert.equal(continued.result.status, "completed");
  assert.deepEqual(continued.state.frames[""].nodes.j.status, "completed");
  // Same attempt (idempotency keys stay stable), same start (a delay resumes with its remaining time).
  assert.equal(continued.state.frames[""].nodes.slow.attempts, 1);
  assert.equal(continued.state.frames[""].nodes.slow.attemptStartedAt, attemptStartedAt);
  assert.deepEqual(
    events.filter((e) => e.type === "run.recovered" || (e.type === "node.started" && e.key.nodeId === "slow")).map((e) => [e.type, "redispatch" in e ? e.redispatch : undefined]),
    [["run.recovered", undefined], ["node.started", true]],
  );
});

test("a resume that continues sends the node back to run with its carry, the same attempt, across a JSON round trip", async () => {
  const p = plan(wf([{ id: "t", type: "trigger" }, { id: "talk", type: "converse", config: { rounds: 2 } }, { id: "after", type: "value", config: { value: "{{talk.answers}}" } }], ["t->talk", "talk->after"]));
  const events: RunEvent[] = [];
  const checkpoints: { state: RunState; journal: CheckpointJournal }[] = [];
  const hooks = { onEvent: (e: RunEvent) => void events.push(e), onCheckpoint: (state: RunState, _e: RunEvent[], journal: CheckpointJournal) => void checkpoints.push({ state: roundTrip(state), journal }) };
  const first = await startRun({ plan: p, hooks });
  assert.equal(first.result.status, "paused");
  const second = await resumeRun({ plan: p, state: roundTrip(first.state), nodeId: "talk", input: { say: "a" }, hooks });
  assert.ok(second.ok);
  assert.equal(second.result.status, "paused", "it ran again and paused for its second answer");
  assert.deepEqual(second.state.frames[""]!.nodes.talk!.carry, { answers: ["a"] }, "the carry stays on the instance while it runs or waits");
  assert.deepEqual(second.result.waiting?.[0]?.kind, "approval");
  const refused = await resumeRun({ plan: p, state: roundTrip(second.state), nodeId: "talk", input: { say: 1 } });
  assert.equal(!refused.ok && refused.problem.code, "REFUSED");
  const third = await resumeRun({ plan: p, state: roundTrip(second.state), nodeId: "talk", input: { say: "b" }, hooks });
  assert.ok(third.ok);
  assert.equal(third.result.status, "completed");
  assert.deepEqual(third.result.nodes.talk.output, { answers: ["a", "b"], attempt: 1 });
  assert.deepEqual(third.result.nodes.after.output, { value: ["a", "b"] });
  assert.equal(third.result.nodes.talk.attempts, 1);
  assert.equal(third.state.frames[""]!.nodes.talk!.carry, undefined, "an ended node keeps no carry");
  const started = events.filter((e) => e.type === "node.started" && e.key.nodeId === "talk") as { attempt: number; redispatch?: true }[];
  assert.deepEqual(started.map((e) => [e.attempt, e.redispatch]), [[1, undefined], [1, undefined], [1, undefined]]);
  // Every exact journal takes the checkpoint before it to this one: a crash recovers the carry too.
  let compared = 0;
  for (let i = 1; i < checkpoints.length; i++) {
    if (!checkpoints[i]!.journal.exact) continue;
    assert.deepEqual(replayJournal(p, roundTrip(checkpoints[i - 1]!.state), checkpoints[i]!.journal.entries), checkpoints[i]!.state, `checkpoint ${i}`);
    compared++;
  }
  assert.ok(compared > 0);
});

test("a continued node that fails retryably retries from its carry; a cancel drops the carry", async () => {
  const flaky = plan(wf([{ id: "t", type: "trigger" }, { id: "talk", type: "converse", config: { rounds: 1, flakyOnceResumed: true }, retry: { maxAttempts: 2, backoffMs: 0 } }], ["t->talk"]));
  const first = await startRun({ plan: flaky });
  const done = await resumeRun({ plan: flaky, state: roundTrip(first.state), nodeId: "talk", input: { say: "a" } });
  assert.ok(done.ok);
  assert.equal(done.result.status, "completed", JSON.stringify(done.result.nodes.talk));
  assert.deepEqual(done.result.nodes.talk.output, { answers: ["a"], attempt: 2 }, "the retry went on from the answers, not from the start");

  const p = plan(wf([{ id: "t", type: "trigger" }, { id: "talk", type: "converse", config: { rounds: 3 } }], ["t->talk"]));
  const paused = await startRun({ plan: p });
  const again = await resumeRun({ plan: p, state: roundTrip(paused.state), nodeId: "talk", input: { say: "a" } });
  assert.ok(again.ok);
  assert.ok(again.state.frames[""]!.nodes.talk!.carry);
  const cancelled = await cancelRun({ plan: p, state: again.state });
  assert.equal(cancelled.result.status, "cancelled");
  assert.equal(cancelled.state.frames[""]!.nodes.talk!.carry, undefined);
});
