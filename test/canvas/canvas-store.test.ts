// The canvas store's contract that keeps untouched nodes from re-rendering: setting equal slices
// notifies nobody, and each node's used handles are a string equal when its edges didn't change.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCanvasStore, usedHandlesOf } from "@/components/canvas/canvas-store";
import { initialRunView, runViewReducer } from "@/components/runs/run-view-model";
import { indexProblems } from "@/lib/workflows/problem-paths";

const definition = { version: 1 as const, nodes: [], edges: [] };

test("a set that changes nothing notifies nobody; a changed slice notifies once", () => {
  const catalog = new Map();
  const problems = indexProblems([], definition);
  const store = createCanvasStore({ catalog, problems, usedHandles: {}, run: null, pinned: {}, workflowNames: {} });
  let calls = 0;
  store.subscribe(() => (calls += 1));
  store.set({ catalog, problems, run: null });
  assert.equal(calls, 0);
  store.set({ run: initialRunView("run_1", ["a"]) });
  assert.equal(calls, 1);
});

test("a run event changes only its node's slice: other nodes' selected values stay the same objects", () => {
  const before = initialRunView("run_1", ["a", "b", "c"]);
  const after = runViewReducer(before, { type: "event", seq: 0, event: { type: "node.started", key: { nodeId: "b", path: [] }, attempt: 1, at: 1 } });
  assert.equal(after.nodes.a, before.nodes.a);
  assert.equal(after.nodes.c, before.nodes.c);
  assert.notEqual(after.nodes.b, before.nodes.b);
  const chunked = runViewReducer(after, { type: "chunk", key: { nodeId: "b", path: [] }, text: "hi", offset: 0 });
  assert.equal(chunked.nodes.a, after.nodes.a, "a token re-renders its node only");
});

test("used handles per node: equal strings when the edges are rebuilt unchanged", () => {
  const edges = [
    { id: "e1", source: "a", target: "b" },
    { id: "e2", source: "a", target: "c", sourceHandle: "error" },
    { id: "e3", source: "b", target: "c" },
  ];
  const first = usedHandlesOf(edges);
  const again = usedHandlesOf(edges.map((e) => ({ ...e })));
  assert.deepEqual(first, { a: "source\nerror", b: "source" });
  assert.equal(first.a, again.a);
  assert.equal(Object.hasOwn(first, "c"), false, "no outgoing edges: no entry");
});
