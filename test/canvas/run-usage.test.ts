import assert from "node:assert/strict";
import { test } from "node:test";
import { initialRunView, runViewReducer, type RunView, type WireEvent } from "@/components/runs/run-view-model";
import { formatUsage, runUsageOf } from "@/components/runs/run-usage";

const feed = (view: RunView, events: WireEvent[], firstSeq = 0) =>
  events.reduce((v, event, i) => runViewReducer(v, { type: "event", seq: firstSeq + i, event }), view);
const llm = (inputTokens: number, outputTokens: number, usd: number | null) => ({
  text: "hi", model: "m", usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens }, cost: usd === null ? null : { usd },
});
const top = (nodeId: string) => ({ nodeId, path: [] });
const inLoop = (nodeId: string, index: number) => ({ nodeId, path: [{ container: "each", index }] });

test("no node with usage: no total", () => {
  const view = feed(initialRunView("run_u0", ["t"]), [
    { type: "run.started", at: 0 },
    { type: "node.completed", key: top("t"), output: { a: 1 }, handle: "source", durationMs: 1, at: 1 },
  ]);
  assert.equal(runUsageOf(view), null);
});

test("top-level calls and loop iterations are summed once each; a node copying an llm output is not counted", () => {
  const events: WireEvent[] = [
    { type: "run.started", at: 0 },
    { type: "node.completed", key: top("ask"), output: llm(100, 20, 0.001), handle: "source", durationMs: 5, at: 1 },
    { type: "node.completed", key: inLoop("summarize", 0), output: llm(10, 5, 0.0002), handle: "source", durationMs: 5, at: 2 },
    { type: "node.completed", key: inLoop("summarize", 1), output: llm(30, 7, null), handle: "source", durationMs: 5, at: 3 },
    { type: "node.completed", key: top("copy"), output: llm(100, 20, 0.001), handle: "source", durationMs: 1, at: 4 },
  ];
  let view = feed(initialRunView("run_u1", ["ask", "each", "summarize", "copy"]), events);
  // A replayed event (reconnect) and a result snapshot with the same top-level output add nothing.
  view = runViewReducer(view, { type: "event", seq: 1, event: events[1] });
  view = runViewReducer(view, { type: "snapshot", result: { runId: "run_u1", status: "completed", nodes: { ask: { status: "completed", output: llm(100, 20, 0.001) } } } });
  const isLlm = (id: string) => id === "ask" || id === "summarize";
  const usage = runUsageOf(view, isLlm);
  assert.ok(usage);
  assert.deepEqual({ ...usage, usd: Number(usage.usd?.toFixed(6)) }, { calls: 3, inputTokens: 140, outputTokens: 32, totalTokens: 172, usd: 0.0012 });
  assert.equal(formatUsage(usage), "172 tokens · $0.0012");
});

test("a result snapshot alone (a finished run opened later) still has its top-level usage", () => {
  const view = runViewReducer(initialRunView("run_u2", ["ask"]), {
    type: "snapshot",
    result: { runId: "run_u2", status: "completed", nodes: { ask: { status: "completed", output: llm(1200, 300, 0.25) } } },
  });
  const usage = runUsageOf(view);
  assert.equal(usage?.totalTokens, 1500);
  assert.equal(formatUsage(usage!), "1,500 tokens · $0.25");
});

test("missing totals and costs: total from input + output, cost unknown", () => {
  const view = feed(initialRunView("run_u3", ["ask"]), [
    { type: "node.completed", key: top("ask"), output: { text: "", usage: { inputTokens: 4, outputTokens: 6, totalTokens: null }, cost: null }, handle: "source", durationMs: 1, at: 1 },
  ]);
  const usage = runUsageOf(view);
  assert.equal(usage?.totalTokens, 10);
  assert.equal(usage?.usd, null);
  assert.equal(formatUsage(usage!), "10 tokens");
});
