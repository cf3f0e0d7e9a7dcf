// Live llm tokens in the run view: chunks append per node instance, the stored end replaces them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { initialRunView, runViewReducer, type NodeKey, type RunView, type RunViewAction, type WireEvent } from "@/components/runs/run-view-model";
import { parseChunk } from "@/components/runs/wire-events";

const top = (nodeId: string): NodeKey => ({ nodeId, path: [] });
const chunk = (key: NodeKey, text: string): RunViewAction => ({ type: "chunk", key, text });
const event = (seq: number, e: WireEvent): RunViewAction => ({ type: "event", seq, event: e });
const apply = (view: RunView, actions: RunViewAction[]) => actions.reduce(runViewReducer, view);
const started = initialRunView("run_1", ["trigger", "ask", "out"]);

test("chunks append to the node's live text and mark a queued node running (its node.started is stored later)", () => {
  const view = apply(started, [chunk(top("ask"), "Tides are "), chunk(top("ask"), "caused by "), chunk(top("ask"), "the moon.")]);
  assert.equal(view.nodes.ask.status, "running");
  assert.deepEqual(view.nodes.ask.live, [{ path: [], text: "Tides are caused by the moon." }]);
  assert.equal(view.nodes.ask.hasOutput, false);
  assert.equal(view.lastSeq, -1, "chunks have no seq: replay bookkeeping is untouched");
  assert.equal(view.timeline.length, 0, "not one timeline row per token");
});

test("node.completed replaces the live text with the stored output; later stale chunks are ignored", () => {
  let view = apply(started, [chunk(top("ask"), "Tides "), chunk(top("ask"), "rise.")]);
  view = apply(view, [
    event(0, { type: "node.started", key: top("ask"), attempt: 1, at: 10 }),
    event(1, { type: "node.completed", key: top("ask"), output: { text: "Tides rise.", usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 } }, handle: "source", durationMs: 5, at: 15 }),
  ]);
  assert.equal(view.nodes.ask.status, "completed");
  assert.equal(view.nodes.ask.live, undefined);
  assert.deepEqual(view.nodes.ask.output, { text: "Tides rise.", usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 } });
  assert.equal(apply(view, [chunk(top("ask"), "late")]), view);
});

test("a retry starts the text over; a routed failure drops it; run.finished clears everything", () => {
  let view = apply(started, [chunk(top("ask"), "half an ans")]);
  view = apply(view, [event(0, { type: "node.retrying", key: top("ask"), attempt: 2, delayMs: 10, error: { message: "HTTP 503", code: "HTTP_503" }, at: 20 })]);
  assert.equal(view.nodes.ask.live, undefined);
  view = apply(view, [chunk(top("ask"), "second "), chunk(top("ask"), "try")]);
  assert.deepEqual(view.nodes.ask.live, [{ path: [], text: "second try" }]);
  const failed = apply(view, [event(1, { type: "node.failed", key: top("ask"), error: { message: "bad", code: "HTTP_400" }, errorRouted: true, attempts: 2, at: 30 })]);
  assert.equal(failed.nodes.ask.status, "error-routed");
  assert.equal(failed.nodes.ask.live, undefined);
  const finished = apply(view, [event(1, { type: "run.finished", status: "cancelled", at: 40 })]);
  assert.equal(finished.nodes.ask.live, undefined);
  assert.equal(apply(finished, [chunk(top("ask"), "after the end")]), finished);
});

test("instances inside a loop stream separately and end separately", () => {
  const first: NodeKey = { nodeId: "ask", path: [{ container: "each", index: 0 }] };
  const second: NodeKey = { nodeId: "ask", path: [{ container: "each", index: 1 }] };
  let view = apply(started, [chunk(first, "one "), chunk(second, "two "), chunk(first, "uno")]);
  assert.deepEqual(view.nodes.ask.live, [{ path: first.path, text: "one uno" }, { path: second.path, text: "two " }]);
  view = apply(view, [event(0, { type: "node.completed", key: first, output: { text: "one uno" }, handle: "source", durationMs: 1, at: 5 })]);
  assert.deepEqual(view.nodes.ask.live, [{ path: second.path, text: "two " }]);
});

test("a terminal snapshot (read after the stream ended) clears live text; a running one keeps it", () => {
  const view = apply(started, [chunk(top("ask"), "partial")]);
  const running = runViewReducer(view, { type: "snapshot", result: { runId: "run_1", status: "running", nodes: { ask: { status: "running" } } } });
  assert.deepEqual(running.nodes.ask.live, [{ path: [], text: "partial" }]);
  const done = runViewReducer(view, { type: "snapshot", result: { runId: "run_1", status: "completed", nodes: { ask: { status: "completed", output: { text: "partial answer" } } } } });
  assert.equal(done.nodes.ask.live, undefined);
  assert.deepEqual(done.nodes.ask.output, { text: "partial answer" });
});

test("parseChunk reads the SSE chunk payload and refuses anything else", () => {
  assert.deepEqual(parseChunk(JSON.stringify({ type: "node.chunk", key: { nodeId: "ask", path: [{ container: "each", index: 2 }] }, text: "hi" })), {
    key: { nodeId: "ask", path: [{ container: "each", index: 2 }] },
    text: "hi",
  });
  assert.equal(parseChunk("not json"), null);
  assert.equal(parseChunk(JSON.stringify({ type: "node.completed", key: top("ask"), text: "x" })), null);
  assert.equal(parseChunk(JSON.stringify({ type: "node.chunk", key: { nodeId: "ask", path: [{ container: 1 }] }, text: "x" })), null);
  assert.equal(parseChunk(JSON.stringify({ type: "node.chunk", key: top("ask"), text: 3 })), null);
});

test("chunks are placed by offset: a reconnect resends the text from 0 without doubling it; a late reader starts at the first word", () => {
  const at = (text: string, offset: number): RunViewAction => ({ type: "chunk", key: top("ask"), text, offset });
  let view = apply(started, [at("Tides are ", 0), at("caused ", 10)]);
  assert.deepEqual(view.nodes.ask.live, [{ path: [], text: "Tides are caused " }]);
  view = apply(view, [at("Tides are caused by ", 0), at("the moon.", 20)]);
  assert.deepEqual(view.nodes.ask.live, [{ path: [], text: "Tides are caused by the moon." }]);
  assert.equal(apply(view, [at("later", 99)]), view, "a piece past the known text can't be placed");
  assert.deepEqual(parseChunk(JSON.stringify({ type: "node.chunk", key: top("ask"), text: "x", offset: 4 })), { key: top("ask"), text: "x", offset: 4 });
});
