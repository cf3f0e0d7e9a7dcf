import assert from "node:assert/strict";
import { test } from "node:test";
import {
  absolutePosition, ancestors, connectionRefusal, fromFlow, sortParentsFirst, toFlow,
} from "@/lib/workflows/definition-graph";
import { sampleWorkflow } from "./sample-workflow";

const isContainer = (t: string) => t === "loop" || t === "parallel";
const isEntry = (t: string) => t === "trigger";
const meta: Partial<typeof sampleWorkflow> = { ...sampleWorkflow };
delete meta.nodes;
delete meta.edges;

test("definition → flow → definition keeps every field", () => {
  const flow = toFlow(sampleWorkflow, isContainer);
  const back = fromFlow(flow.nodes, flow.edges, meta);
  const sortById = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  assert.deepEqual(sortById(back.nodes), sortById(sampleWorkflow.nodes));
  assert.deepEqual(back.edges, sampleWorkflow.edges);
  assert.equal(back.name, "Enrich signups");
});

test("flow nodes: containers get their size and type, edges default to the source handle", () => {
  const { nodes, edges } = toFlow(sampleWorkflow, isContainer);
  const loop = nodes.find((n) => n.id === "eachOrder");
  assert.equal(loop?.type, "container");
  assert.equal(loop?.width, 600);
  assert.equal(nodes.find((n) => n.id === "scoreOrder")?.parentId, "eachOrder");
  assert.equal(edges[0].sourceHandle, "source");
  assert.equal(edges[2].sourceHandle, "error");
});

test("parents come before children whatever the input order", () => {
  const sorted = sortParentsFirst([
    { id: "c", parentId: "b" }, { id: "b", parentId: "a" }, { id: "a" }, { id: "x" },
  ]);
  assert.deepEqual(sorted.map((n) => n.id), ["a", "x", "b", "c"]);
  // A parent cycle from a bad import doesn't hang.
  assert.equal(sortParentsFirst([{ id: "p", parentId: "q" }, { id: "q", parentId: "p" }]).length, 2);
});

test("absolute positions add up the containers' positions", () => {
  const byId = new Map(sampleWorkflow.nodes.map((n) => [n.id, { position: n.position!, parentId: n.parentId }]));
  assert.deepEqual(absolutePosition("scoreOrder", byId), { x: 972, y: 32 });
  assert.deepEqual(absolutePosition("trigger", byId), { x: 0, y: 120 });
});

test("connections: same level only, no container↔own body, no edge into an entry, no duplicates", () => {
  const refuse = (s: string, t: string, h?: string) => connectionRefusal(sampleWorkflow, s, t, h, isEntry);
  assert.equal(refuse("isVip", "done", "false"), null);
  assert.equal(refuse("eachOrder", "notifyFailure"), null);
  assert.match(refuse("fetchUser", "scoreOrder") ?? "", /container boundary/);
  assert.match(refuse("scoreOrder", "done") ?? "", /container boundary/);
  assert.match(refuse("eachOrder", "scoreOrder") ?? "", /body/);
  assert.match(refuse("fetchUser", "trigger") ?? "", /Entry/);
  assert.match(refuse("fetchUser", "isVip") ?? "", /already/);
  assert.equal(refuse("fetchUser", "isVip", "error"), null);
  assert.match(refuse("isVip", "isVip") ?? "", /itself/);
});

test("ancestors follow edges upstream, nearest first, through cycles", () => {
  assert.deepEqual(ancestors(sampleWorkflow.edges, "eachOrder"), ["isVip", "fetchUser", "trigger"]);
  assert.deepEqual(ancestors(sampleWorkflow.edges, "saveScore"), ["scoreOrder"]);
  assert.deepEqual(ancestors([{ id: "a", source: "x", target: "y" }, { id: "b", source: "y", target: "x" }], "x"), ["y"]);
});
