import assert from "node:assert/strict";
import { test } from "node:test";
import { buildPlan } from "../../lib/engine/index";
import { coreHandlers } from "../../lib/engine/handlers";
import { createRegistry } from "../../lib/engine/handlers/registry";

const registry = createRegistry(coreHandlers);
const node = (id: string, value: unknown) => ({ id, type: "output", config: { value } });
const edge = (source: string, target: string) => ({ id: `${source}__${target}`, source, target });

// A long chain with skip edges: references far upstream need more than the bounded reverse
// search, so the build falls back to ancestor bitsets; the answers must not change.
function longChain(readFar: string, farReader = "n650") {
  const nodes: unknown[] = [{ id: "t", type: "trigger", config: {} }];
  const edges = [edge("t", "n0")];
  for (let i = 0; i < 700; i++) {
    nodes.push(node(`n${i}`, `n${i}` === farReader ? `{{${readFar}}}` : `{{${i === 0 ? "t" : `n${i - 1}`}}}`));
    if (i > 0) edges.push(edge(`n${i - 1}`, `n${i}`));
    if (i > 2) edges.push(edge(`n${i - 3}`, `n${i}`));
  }
  nodes.push(node("side", "{{n10}}"));
  edges.push(edge("n10", "side"));
  return { version: 1, nodes, edges };
}

test("a reference far upstream is accepted and recorded (bitset fallback)", () => {
  const built = buildPlan(longChain("n1"), registry);
  assert.ok(built.ok, JSON.stringify(!built.ok && built.problems));
  assert.deepEqual(built.plan.nodes.get("n650")!.reads, ["n1"]);
  assert.ok(built.plan.nodes.get("n1")!.readers.includes("n650"));
});

test("a reference to a node on another branch is refused, with its path, also past the search budget", () => {
  const built = buildPlan(longChain("side"), registry);
  assert.equal(built.ok, false);
  assert.deepEqual(!built.ok && built.problems, [
    { path: "nodes[651].config.value", message: `{{side}}: "side" can't have run before this node: only nodes upstream of it can be read` },
  ]);
});

test("the 10,000-node benchmark shape builds, every node reading its first parent", async () => {
  const { wide } = await import("../../bench/definitions");
  const built = buildPlan(wide(10_000), registry);
  assert.ok(built.ok);
  assert.equal(built.plan.nodes.size, 10_000);
  assert.deepEqual(built.plan.nodes.get("n250")!.reads, ["n150"]);
  assert.equal(built.plan.root.nodes.length, 10_000);
});
