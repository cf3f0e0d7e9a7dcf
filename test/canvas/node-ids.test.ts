import assert from "node:assert/strict";
import { test } from "node:test";
import { copyFragment, nodeIdProblem, pasteFragment, renameNode, renameRefs, uniqueId } from "@/lib/workflows/node-ids";
import { sampleWorkflow } from "./sample-workflow";

const raw = (t: string) => (t === "javascript" ? ["code"] : []);

test("node ids: pattern, reserved words, uniqueness", () => {
  assert.equal(nodeIdProblem("fetch_2", []), null);
  assert.match(nodeIdProblem("2fetch", []) ?? "", /letters/);
  assert.match(nodeIdProblem("a-b", []) ?? "", /letters/);
  assert.match(nodeIdProblem("x".repeat(65), []) ?? "", /64/);
  assert.match(nodeIdProblem("secrets", []) ?? "", /reserved/);
  assert.match(nodeIdProblem("done", ["done"]) ?? "", /already/);
  assert.equal(nodeIdProblem("done", ["done"], "done"), null);
  assert.match(nodeIdProblem("", []) ?? "", /required/);
});

test("uniqueId cleans the base and counts up", () => {
  assert.equal(uniqueId("http", new Set()), "http");
  assert.equal(uniqueId("http", new Set(["http", "http2"])), "http3");
  assert.equal(uniqueId("fetch2", new Set(["fetch2"])), "fetch3");
  assert.equal(uniqueId("human-input", new Set()), "human_input");
  assert.equal(uniqueId("loop", new Set()), "loop_node");
});

test("renameRefs rewrites whole references only", () => {
  const renames = new Map([["fetchUser", "getUser"]]);
  assert.equal(renameRefs("{{fetchUser}} {{ fetchUser.data }} {{fetchUser[0]}}", renames), "{{getUser}} {{ getUser.data }} {{getUser[0]}}");
  assert.equal(renameRefs("{{fetchUserX.a}} fetchUser.data", renames), "{{fetchUserX.a}} fetchUser.data");
  assert.deepEqual(renameRefs({ a: ["{{fetchUser.x}}"] }, renames), { a: ["{{getUser.x}}"] });
});

test("renaming a node updates edges, children and template references, not code", () => {
  const def = renameNode(sampleWorkflow, "fetchUser", "getUser", raw);
  assert.ok(def.nodes.some((n) => n.id === "getUser"));
  assert.equal(def.edges.find((e) => e.id === "e2")?.source, "getUser");
  assert.equal(def.nodes.find((n) => n.id === "isVip")?.config?.field, "{{getUser.data.plan}}");
  const renamedLoop = renameNode(sampleWorkflow, "eachOrder", "orders", raw);
  assert.equal(renamedLoop.nodes.find((n) => n.id === "scoreOrder")?.parentId, "orders");
  assert.equal(renamedLoop.nodes.find((n) => n.id === "done")?.config?.value, "{{orders.results}}");
  const withCode = { ...sampleWorkflow, nodes: sampleWorkflow.nodes.map((n) => n.id === "scoreOrder" ? { ...n, config: { code: "{{fetchUser}}" } } : n) };
  assert.equal(renameNode(withCode, "fetchUser", "x", raw).nodes.find((n) => n.id === "scoreOrder")?.config?.code, "{{fetchUser}}");
});

test("copying a container takes its body; pasting gives fresh ids and internal edges", () => {
  const fragment = copyFragment(sampleWorkflow, ["eachOrder"]);
  assert.deepEqual(fragment.nodes.map((n) => n.id), ["eachOrder", "scoreOrder", "saveScore"]);
  assert.deepEqual(fragment.edges.map((e) => e.id), ["e5"]);
  const { definition, pasted } = pasteFragment(sampleWorkflow, fragment, { x: 40, y: 40 }, raw);
  assert.deepEqual(pasted, ["eachOrder2", "scoreOrder2", "saveScore2"]);
  const loop = definition.nodes.find((n) => n.id === "eachOrder2");
  assert.deepEqual(loop?.position, { x: 980, y: 0 });
  const body = definition.nodes.find((n) => n.id === "scoreOrder2");
  assert.equal(body?.parentId, "eachOrder2");
  assert.deepEqual(body?.position, { x: 32, y: 72 });
  assert.equal(definition.nodes.find((n) => n.id === "saveScore2")?.config?.value, "{{scoreOrder2.result}}");
  const edge = definition.edges.at(-1);
  assert.deepEqual([edge?.source, edge?.target], ["scoreOrder2", "saveScore2"]);
  assert.equal(new Set(definition.edges.map((e) => e.id)).size, definition.edges.length);
});

test("a pasted body node stays in its container when only it was copied", () => {
  const { definition } = pasteFragment(sampleWorkflow, copyFragment(sampleWorkflow, ["scoreOrder"]), { x: 20, y: 20 });
  assert.equal(definition.nodes.at(-1)?.parentId, "eachOrder");
});
