import assert from "node:assert/strict";
import { test } from "node:test";
import {
  TIMELINE_LIMIT, edgeRunState, initialRunView, progressOf, runViewReducer, runningCount, snapshotBehind, type RunView, type RunViewAction, type WireEvent,
} from "@/components/runs/run-view-model";
import { parseWireEvent } from "@/components/runs/wire-events";

const top = (nodeId: string) => ({ nodeId, path: [] });
const feed = (view: RunView, events: WireEvent[], firstSeq = 0) =>
  events.reduce((v, event, i) => runViewReducer(v, { type: "event", seq: firstSeq + i, event }), view);

// The spec's error-port case: trigger -> fail (error port) -> error: handled, source: normal.
const errorPortEvents: WireEvent[] = [
  { type: "run.started", runId: "run_1", at: 1000 },
  { type: "node.started", key: top("trigger"), attempt: 1, at: 1001 },
  { type: "node.completed", key: top("trigger"), output: {}, handle: "source", durationMs: 1, at: 1002 },
  { type: "node.started", key: top("fail"), attempt: 1, at: 1003 },
  { type: "node.failed", key: top("fail"), error: { message: "card declined", code: "FAIL" }, errorRouted: true, attempts: 1, output: { error: { message: "card declined", code: "FAIL" } }, at: 1010 },
  { type: "node.skipped", key: top("normal"), at: 1011 },
  { type: "node.started", key: top("handled"), attempt: 1, at: 1011 },
  { type: "node.completed", key: top("handled"), output: { value: "card declined" }, handle: "source", durationMs: 2, at: 1013 },
  { type: "run.finished", status: "completed", at: 1014 },
];

test("events drive node statuses: running, completed, error-routed with its error and duration, skipped", () => {
  let view = initialRunView("run_1", ["trigger", "fail", "handled", "normal"]);
  assert.equal(view.nodes.fail.status, "queued");
  view = feed(view, errorPortEvents.slice(0, 4));
  assert.equal(view.nodes.fail.status, "running");
  assert.equal(view.nodes.trigger.status, "completed");
  assert.equal(view.nodes.trigger.durationMs, 1);
  view = feed(view, errorPortEvents.slice(4), 4);
  assert.equal(view.status, "completed");
  assert.equal(view.nodes.fail.status, "error-routed");
  assert.equal(view.nodes.fail.handle, "error");
  assert.deepEqual(view.nodes.fail.error, { message: "card declined", code: "FAIL" });
  assert.equal(view.nodes.fail.durationMs, 7);
  assert.equal(view.nodes.normal.status, "skipped");
  assert.deepEqual(view.nodes.handled.output, { value: "card declined" });
  assert.equal(view.durationMs, 14);
  assert.deepEqual(progressOf(view).counts, { queued: 0, running: 0, completed: 2, failed: 0, "error-routed": 1, skipped: 1, paused: 0, cancelled: 0 });
});

test("edges: active while the target runs, taken once done, dead when another handle was chosen", () => {
  const edges = { toFail: { source: "trigger", target: "fail" }, error: { source: "fail", target: "handled", sourceHandle: "error" }, normal: { source: "fail", target: "normal" } };
  let view = feed(initialRunView("run_1", ["trigger", "fail", "handled", "normal"]), errorPortEvents.slice(0, 4));
  assert.equal(edgeRunState(view, edges.toFail), "active");
  assert.equal(edgeRunState(view, edges.error), "idle");
  view = feed(view, errorPortEvents.slice(4), 4);
  assert.equal(edgeRunState(view, edges.toFail), "taken");
  assert.equal(edgeRunState(view, edges.error), "taken");
  assert.equal(edgeRunState(view, edges.normal), "dead");
});

test("a replayed event (reconnect with Last-Event-ID overlap) changes nothing", () => {
  const view = feed(initialRunView("run_1", ["trigger"]), errorPortEvents.slice(0, 3));
  const again = runViewReducer(view, { type: "event", seq: 2, event: errorPortEvents[2] });
  assert.equal(again, view);
  assert.equal(view.timeline.length, 3);
});

test("an unrouted failure fails the node and the run; never-reached nodes end skipped", () => {
  const view = feed(initialRunView("run_2", ["trigger", "fail", "after"]), [
    { type: "run.started", at: 0 },
    { type: "node.started", key: top("fail"), attempt: 1, at: 1 },
    { type: "node.retrying", key: top("fail"), attempt: 2, delayMs: 100, error: { message: "503", code: "FAIL" }, at: 2 },
    { type: "node.failed", key: top("fail"), error: { message: "boom", code: "FAIL" }, errorRouted: false, attempts: 2, at: 200 },
    { type: "run.finished", status: "failed", error: { message: "boom", nodeId: "fail" }, at: 201 },
  ]);
  assert.equal(view.nodes.fail.status, "failed");
  assert.equal(view.nodes.fail.attempts, 2);
  assert.equal(view.nodes.fail.retrying, undefined);
  assert.equal(view.nodes.after.status, "skipped");
  assert.deepEqual(view.error, { message: "boom", nodeId: "fail" });
  assert.equal(view.timeline.at(-1)?.tone, "error");
});

test("approvals: a paused node is listed as waiting until it completes; a snapshot adds its link", () => {
  let view = feed(initialRunView("run_3", ["trigger", "approve"]), [
    { type: "run.started", at: 0 },
    { type: "node.paused", key: top("approve"), waitpointId: "wp_1", kind: "approval", expiresAt: null, at: 5 },
    { type: "run.paused", at: 6 },
  ]);
  assert.equal(view.status, "paused");
  assert.equal(view.nodes.approve.status, "paused");
  assert.deepEqual(view.waiting.map((w) => w.waitpointId), ["wp_1"]);
  view = runViewReducer(view, {
    type: "snapshot",
    result: { runId: "run_3", status: "paused", nodes: { approve: { status: "paused", attempts: 1 }, trigger: { status: "completed", attempts: 1, output: {} } }, waiting: [{ id: "wp_1", nodeId: "approve", kind: "approval", url: "/approve/t" }] },
  });
  assert.equal(view.waiting[0].url, "/approve/t");
  view = feed(view, [{ type: "run.resumed", at: 100 }, { type: "node.completed", key: top("approve"), handle: "approved", output: {}, durationMs: 95, at: 101 }], 3);
  assert.equal(view.waiting.length, 0);
  assert.equal(view.nodes.approve.handle, "approved");
});

// CI (PostgreSQL, 2 cores): the owner's page stayed "running" after the run ended. Events are sent
// before the checkpoint stores them, so the result read on run.finished was the stored, older one.
test("a node that waited and goes on (an agent after its tool's child run) waits no more once it starts again", () => {
  const view = feed(initialRunView("run_8", ["trigger", "agent"]), [
    { type: "run.started", at: 0 },
    { type: "node.started", key: top("agent"), attempt: 1, at: 1 },
    { type: "node.paused", key: top("agent"), waitpointId: "wp_1", kind: "workflow", expiresAt: null, at: 5 },
    { type: "run.paused", at: 6 },
    { type: "run.resumed", at: 100 },
    { type: "node.started", key: top("agent"), attempt: 1, at: 101 },
  ]);
  assert.equal(view.nodes.agent.status, "running");
  assert.deepEqual(view.waiting, []);
  assert.match(view.timeline.at(-1)!.text, /agent goes on after its wait/);
});

test("a result read behind the events applied does not put the view back", () => {
  const paused = feed(initialRunView("run_7", ["trigger", "approve", "out"]), [
    { type: "run.started", at: 0 },
    { type: "node.paused", key: top("approve"), waitpointId: "wp_1", kind: "approval", expiresAt: null, at: 5 },
    { type: "run.paused", at: 6 },
  ]);
  const stalePaused = { runId: "run_7", status: "paused" as const, nodes: { approve: { status: "paused", attempts: 1 } }, waiting: [{ id: "wp_1", nodeId: "approve", kind: "approval" }] };
  const resumed = feed(paused, [{ type: "run.resumed", at: 100 }, { type: "node.completed", key: top("approve"), handle: "approved", output: {}, durationMs: 95, at: 101 }], 3);
  // The stored result reflects seq 2 (run.paused); the view has applied seq 4.
  assert.equal(runViewReducer(resumed, { type: "snapshot", result: stalePaused, seq: 2 }), resumed);
  // One that reflects what the view has (or more) applies.
  const current = { ...stalePaused, status: "running" as const, waiting: [], nodes: { approve: { status: "completed", attempts: 1, output: {} } } };
  assert.equal(runViewReducer(resumed, { type: "snapshot", result: current, seq: 4 }).status, "running");
  // A view that saw run.finished takes no result of a run still going, whatever its seq.
  const finished = feed(resumed, [{ type: "node.completed", key: top("out"), handle: "source", output: 1, durationMs: 1, at: 102 }, { type: "run.finished", status: "completed", at: 103 }], 5);
  assert.equal(runViewReducer(finished, { type: "snapshot", result: current }).status, "completed");
  assert.equal(runViewReducer(finished, { type: "snapshot", result: current, seq: 9 }).status, "completed");
  // An ended run's result is final: it always applies (its outputs and durations).
  const final = runViewReducer(finished, { type: "snapshot", result: { runId: "run_7", status: "completed", nodes: {}, outputs: { out: 1 }, durationMs: 103 } });
  assert.deepEqual(final.outputs, { out: 1 });
  assert.equal(snapshotBehind({ lastSeq: 4, ended: false }, stalePaused, null), false, "no seq (Trigger.dev): taken as before");
});

test("loops: iterations count on the container, body instances on the body node", () => {
  const inner = (i: number) => ({ nodeId: "body", path: [{ container: "loop", index: i }] });
  const view = feed(initialRunView("run_4", ["loop", "body"]), [
    { type: "node.started", key: top("loop"), attempt: 1, at: 0 },
    ...[0, 1, 2].flatMap((i): WireEvent[] => [
      { type: "iteration.started", key: top("loop"), index: i, at: 1 },
      { type: "node.started", key: inner(i), attempt: 1, at: 1 },
      { type: "node.completed", key: inner(i), handle: "source", durationMs: 1, at: 2 },
      { type: "iteration.finished", key: top("loop"), index: i, failed: false, at: 2 },
    ]),
  ]);
  assert.deepEqual(view.nodes.loop.iterations, { started: 3, finished: 3, failed: 0 });
  assert.equal(view.nodes.loop.status, "running");
  assert.deepEqual(view.nodes.body.instances, { completed: 3, failed: 0, running: 0, active: {}, last: "completed" });
  assert.equal(view.nodes.body.durationMs, undefined, "a body node's duration is per instance, not shown as the node's");
});

test("the timeline keeps the latest entries only", () => {
  const many: RunViewAction[] = Array.from({ length: TIMELINE_LIMIT + 20 }, (_, i) => ({ type: "event", seq: i, event: { type: "node.skipped", key: top(`n${i}`), at: i } }));
  const view = many.reduce(runViewReducer, initialRunView("run_5", []));
  assert.equal(view.timeline.length, TIMELINE_LIMIT);
  assert.equal(view.timeline[0].seq, 20);
});

test("a final snapshot settles statuses: pending nodes of an ended run are skipped", () => {
  const view = runViewReducer(initialRunView("run_6", ["a", "b"]), {
    type: "snapshot",
    result: { runId: "run_6", status: "failed", error: { message: "x", nodeId: "a" }, nodes: { a: { status: "failed", attempts: 1, error: { message: "x" }, durationMs: 3 }, b: { status: "pending" } }, outputs: {} },
  });
  assert.equal(view.nodes.a.status, "failed");
  assert.equal(view.nodes.b.status, "skipped");
  assert.equal(view.status, "failed");
});

test("wire payloads: engine events parse; anything else is ignored, never thrown", () => {
  assert.deepEqual(parseWireEvent('{"type":"node.skipped","key":{"nodeId":"a","path":[]},"at":5}'), { type: "node.skipped", key: { nodeId: "a", path: [] }, at: 5 });
  assert.equal(parseWireEvent("not json"), null);
  assert.equal(parseWireEvent('{"type":"node.started"}'), null);
  assert.equal(parseWireEvent('{"type":"mystery","at":1}'), null);
  assert.equal(parseWireEvent("null"), null);
});

test("a retry names the next attempt: the engine's node.retrying carries the attempt that just failed", () => {
  let view = feed(initialRunView("run_r", ["fetch"]), [
    { type: "run.started", at: 0 },
    { type: "node.started", key: top("fetch"), attempt: 1, at: 1 },
    { type: "node.retrying", key: top("fetch"), attempt: 1, delayMs: 200, error: { message: "HTTP 503", code: "HTTP_503" }, at: 2 },
  ]);
  assert.equal(view.timeline.at(-1)?.text, "fetch will retry as attempt 2 in 200 ms: HTTP 503");
  assert.equal(view.nodes.fetch.retrying?.attempt, 2);
  view = feed(view, [{ type: "node.started", key: top("fetch"), attempt: 2, at: 202 }], 3);
  assert.equal(view.timeline.at(-1)?.text, "fetch started (attempt 2)");
  assert.equal(view.nodes.fetch.retrying, undefined);
});

test("parallel: 3 running branches count 3; the body node runs until its last branch ends, the container until it completes", () => {
  const branch = (i: number) => ({ nodeId: "wait", path: [{ container: "fan", index: i }] });
  let view = feed(initialRunView("run_p", ["fan", "wait"]), [
    { type: "run.started", at: 0 },
    { type: "node.started", key: top("fan"), attempt: 1, at: 1 },
    ...[0, 1, 2].flatMap((i): WireEvent[] => [
      { type: "iteration.started", key: top("fan"), index: i, at: 2 },
      { type: "node.started", key: branch(i), attempt: 1, at: 2 },
    ]),
  ]);
  assert.equal(view.nodes.wait.instances?.running, 3);
  assert.equal(view.nodes.wait.status, "running");
  assert.equal(runningCount(view), 3, "3 branches (the container is counted through them)");
  view = feed(view, [{ type: "node.completed", key: branch(1), output: {}, handle: "source", durationMs: 1000, at: 1002 }], 20);
  assert.equal(view.nodes.wait.instances?.running, 2);
  assert.equal(view.nodes.wait.instances?.completed, 1);
  assert.equal(view.nodes.wait.status, "running", "one branch done, two still running");
  view = feed(view, [
    { type: "node.failed", key: branch(0), error: { message: "boom", code: "FAIL" }, errorRouted: false, attempts: 1, at: 1003 },
    { type: "node.completed", key: branch(2), output: {}, handle: "source", durationMs: 1000, at: 1004 },
  ], 30);
  assert.equal(view.nodes.wait.instances?.running, 0);
  assert.equal(view.nodes.wait.status, "completed", "the last branch to end decides");
  assert.equal(view.nodes.fan.status, "running", "the container is running until the engine completes it");
  view = feed(view, [{ type: "node.completed", key: top("fan"), output: [], handle: "source", durationMs: 1004, at: 1005 }], 40);
  assert.equal(view.nodes.fan.status, "completed");
});

test("a retried branch is one instance: its second node.started doesn't count twice", () => {
  const branch = (i: number) => ({ nodeId: "wait", path: [{ container: "fan", index: i }] });
  const view = feed(initialRunView("run_q", ["fan", "wait"]), [
    { type: "node.started", key: branch(0), attempt: 1, at: 1 },
    { type: "node.retrying", key: branch(0), attempt: 1, delayMs: 5, error: { message: "503", code: "HTTP_503" }, at: 2 },
    { type: "node.started", key: branch(0), attempt: 2, at: 7 },
    { type: "node.started", key: branch(1), attempt: 1, at: 7 },
  ]);
  assert.equal(view.nodes.wait.instances?.running, 2);
});

test("nested instances: the same body node in two loop iterations of two parallel branches are four instances", () => {
  const key = (b: number, i: number) => ({ nodeId: "step", path: [{ container: "fan", index: b }, { container: "each", index: i }] });
  const view = feed(initialRunView("run_n", ["fan", "each", "step"]), [0, 1].flatMap((b) => [0, 1].map((i): WireEvent => ({ type: "node.started", key: key(b, i), attempt: 1, at: 1 }))));
  assert.equal(view.nodes.step.instances?.running, 4);
});

test("wire event types follow the engine's: run.recovered is read", () => {
  assert.deepEqual(parseWireEvent('{"type":"run.recovered","at":3}'), { type: "run.recovered", at: 3 });
  const view = feed(initialRunView("run_r2", []), [{ type: "run.recovered", at: 3 }]);
  assert.equal(view.timeline.at(-1)?.text, "Run recovered after a restart");
});
