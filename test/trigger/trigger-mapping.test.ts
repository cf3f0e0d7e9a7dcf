// The run panel's Trigger.dev source: run metadata (metadata.progress, as the coordinator
// publishes it) and the platform's run status mapped into the run view reducer's own actions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { initialRunView, runViewReducer, type RunView } from "../../components/runs/run-view-model";
import { parseProgress, platformEnd, progressActions } from "../../components/runs/trigger-mapping";
import type { RunProgress } from "../../lib/runs/trigger/contract";

const apply = (view: RunView, progress: RunProgress | null, platform?: string) => progressActions(progress, view, platform).reduce(runViewReducer, view);
const progress = (p: Partial<RunProgress>): RunProgress => ({ runId: "run_a", status: "running", wave: 1, counts: {}, waiting: [], ...p });

test("metadata that is not the coordinator's progress is ignored, never thrown on", () => {
  for (const bad of [undefined, null, {}, { progress: 3 }, { progress: { runId: "run_a", status: "weird", counts: {}, waiting: [] } }, { progress: { runId: "run_a", status: "running", counts: {} } }]) {
    assert.equal(parseProgress(bad), null, JSON.stringify(bad));
  }
  const good = progress({ nodes: { t: "completed" } });
  assert.deepEqual(parseProgress({ progress: good }), good);
});

test("node statuses, the pause and the end reach the view through the same reducer as SSE", () => {
  let view = initialRunView("run_a", ["t", "ask", "out"], "pending");
  view = apply(view, progress({ nodes: { t: "completed", ask: "running" }, counts: { completed: 1, running: 1 } }));
  assert.equal(view.status, "running");
  assert.equal(view.nodes.t.status, "completed");
  assert.equal(view.nodes.ask.status, "running");
  assert.equal(view.nodes.out.status, "queued");

  view = apply(view, progress({ status: "paused", nodes: { t: "completed", ask: "paused" }, waiting: [{ waitpointId: "wp_1", nodeId: "ask", kind: "approval" }] }));
  assert.equal(view.status, "paused");
  assert.equal(view.nodes.ask.status, "paused");
  assert.deepEqual(view.waiting.map((w) => [w.waitpointId, w.nodeId, w.kind]), [["wp_1", "ask", "approval"]]);
  // A link and deadline the run result gave are kept when the next metadata update comes.
  view = { ...view, waiting: [{ ...view.waiting[0], url: "/approve/x", expiresAt: 1_900_000_000_000 }] };
  view = apply(view, progress({ status: "paused", nodes: { t: "completed", ask: "paused" }, waiting: [{ waitpointId: "wp_1", nodeId: "ask", kind: "approval" }] }));
  assert.equal(view.waiting[0].url, "/approve/x");
  assert.equal(view.waiting[0].expiresAt, 1_900_000_000_000);

  view = apply(view, progress({ status: "failed", nodes: { t: "completed", ask: "failed" }, error: { message: "rejected", nodeId: "ask" } }));
  assert.equal(view.status, "failed");
  assert.deepEqual(view.error, { message: "rejected", nodeId: "ask" });
  assert.equal(view.nodes.out.status, "skipped", "nodes never reached were skipped once the run ended");
  assert.deepEqual(view.waiting, []);
});

test("a run the platform ended without a last report (crash, cancel while suspended) ends in the view", () => {
  assert.equal(platformEnd("EXECUTING"), null);
  assert.equal(platformEnd("WAITING"), null);
  const running = apply(initialRunView("run_a", ["t"]), progress({ nodes: { t: "running" } }));
  assert.equal(apply(running, progress({ nodes: { t: "running" } }), "CRASHED").status, "failed");
  assert.equal(apply(running, null, "CANCELED").status, "cancelled");
  assert.equal(apply(running, progress({ status: "completed", nodes: { t: "completed" } }), "CANCELED").status, "completed", "the coordinator's own end wins");
  assert.deepEqual(progressActions(progress({ runId: "run_other" }), running), [], "another run's metadata changes nothing");
});
