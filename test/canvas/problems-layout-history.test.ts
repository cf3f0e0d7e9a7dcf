import assert from "node:assert/strict";
import { test } from "node:test";
import { autoLayout, CONTAINER_PADDING } from "@/lib/workflows/auto-layout";
import { record, redo, startHistory, undo } from "@/lib/workflows/history";
import { configFieldOf, indexProblems } from "@/lib/workflows/problem-paths";
import { sampleWorkflow } from "./sample-workflow";

test("problem paths map to node and edge ids of the validated definition", () => {
  const index = indexProblems(
    [
      { path: "nodes[1].config.url", message: "Required" },
      { path: "nodes[1]", message: "Unreachable" },
      { path: "edges[2]", message: "Crosses a container boundary" },
      { path: "edges[2].sourceHandle", message: "No such handle" },
      { path: "nodes[99]", message: "stale" },
      { path: "", message: "No entry node" },
    ],
    sampleWorkflow,
  );
  assert.deepEqual(index.byNode.fetchUser, ["config.url: Required", "Unreachable"]);
  assert.deepEqual(index.byEdge.e3, ["Crosses a container boundary", "No such handle"]);
  assert.deepEqual(index.general, ["nodes[99]: stale", "No entry node"]);
  assert.equal(index.count, 6);
  assert.equal(configFieldOf("nodes[1].config.url"), "url");
  assert.equal(configFieldOf("nodes[1].retry"), null);
});

test("auto-layout goes left to right and fits each container around its body", () => {
  const nodes = sampleWorkflow.nodes.map((n) => ({
    id: n.id, parentId: n.parentId, width: 240, height: 80, isContainer: n.type === "loop",
  }));
  const { positions, sizes } = autoLayout(nodes, sampleWorkflow.edges);
  assert.ok(positions.fetchUser.x > positions.trigger.x);
  assert.ok(positions.isVip.x > positions.fetchUser.x);
  assert.ok(positions.done.x > positions.eachOrder.x + sizes.eachOrder.width - 1);
  // Body positions are relative to the container, inside its padding.
  assert.ok(positions.scoreOrder.x >= CONTAINER_PADDING.left && positions.scoreOrder.y >= CONTAINER_PADDING.top);
  assert.ok(positions.saveScore.x > positions.scoreOrder.x);
  assert.ok(sizes.eachOrder.width >= positions.saveScore.x + 240 + CONTAINER_PADDING.right);
});

test("history: undo and redo walk snapshots; a new record drops the redo branch", () => {
  let h = startHistory(1);
  h = record(h, 2);
  h = record(h, 3);
  h = undo(h);
  assert.equal(h.present, 2);
  h = redo(h);
  assert.equal(h.present, 3);
  h = undo(undo(h));
  assert.equal(h.present, 1);
  assert.equal(undo(h).present, 1);
  h = record(h, 9);
  assert.deepEqual(h.future, []);
  assert.equal(redo(h).present, 9);
  let capped = startHistory(0);
  for (let i = 1; i <= 5; i++) capped = record(capped, i, 3);
  assert.deepEqual(capped.past, [2, 3, 4]);
});

test("a cycle reported on its closing edge also marks every node on it", () => {
  const definition = {
    version: 1 as const,
    nodes: [{ id: "trigger", type: "trigger" }, { id: "a", type: "output" }, { id: "b", type: "output" }],
    edges: [{ id: "e1", source: "trigger", target: "a" }, { id: "e2", source: "a", target: "b" }, { id: "e3", source: "b", target: "a" }],
  };
  const message = 'cycle: "a" → "b" → "a" (repeat work with a loop container, not a back edge)';
  const index = indexProblems([{ path: "edges[2]", message }], definition);
  assert.deepEqual(index.byEdge, { e3: [message] });
  assert.deepEqual(Object.keys(index.byNode).sort(), ["a", "b"]);
  assert.equal(index.count, 1);
});
