import assert from "node:assert/strict";
import { test } from "node:test";
import { buildPlan } from "../../lib/engine/index";
import { coreHandlers, createRegistry } from "../../lib/engine/handlers";
import { registry, wf } from "./helpers";

const problemsOf = (definition: unknown) => {
  const built = buildPlan(definition, registry);
  assert.equal(built.ok, false, "expected the build to fail");
  return built.ok ? [] : built.problems;
};
const has = (problems: { path: string; message: string }[], path: string, text: RegExp) =>
  assert.ok(problems.some((p) => p.path === path && text.test(p.message)), `no problem at ${path} matching ${text}: ${JSON.stringify(problems)}`);

test("a valid definition builds: paths, container bodies, wired edges with handle kinds", () => {
  const built = buildPlan(
    wf(
      [
        { id: "t", type: "trigger" },
        { id: "c", type: "value", config: { handles: ["true", "false"], handle: "true" } },
        { id: "L", type: "loop", config: { mode: "count", count: 2 } },
        { id: "b1", type: "value", parentId: "L" },
        { id: "b2", type: "value", parentId: "L", config: { value: "{{b1.value}}" } },
        { id: "P", type: "parallel", config: { mode: "count", count: 2 }, parentId: "L" },
        { id: "p1", type: "value", parentId: "P" },
        { id: "x", type: "value", config: { value: "{{L.results}}" } },
        { id: "orphan", type: "value" },
      ],
      ["t->c", "c-true->L", "c-error->x", "b1->b2", "L->x"],
    ),
    registry,
  );
  assert.ok(built.ok, JSON.stringify(!built.ok && built.problems));
  const { plan, warnings } = built;
  assert.deepEqual(warnings.map((w) => w.path), ["nodes[8]"]);
  assert.equal(plan.nodes.has("orphan"), false);
  assert.deepEqual(plan.root.entries, ["t"]);
  assert.deepEqual(plan.nodes.get("L")!.body!.nodes.sort(), ["P", "b1", "b2"]);
  assert.deepEqual(plan.nodes.get("L")!.body!.entries.sort(), ["P", "b1"]);
  assert.deepEqual(plan.nodes.get("L")!.body!.terminals.sort(), ["P", "b2"]);
  assert.deepEqual(plan.nodes.get("P")!.body!.nodes, ["p1"]);
  assert.equal(plan.nodes.get("p1")!.depth, 2);
  const kinds = plan.nodes.get("c")!.outgoing.map((e) => [e.handle, e.kind]);
  assert.deepEqual(kinds, [["true", "branch"], ["error", "error"]]);
  assert.equal(plan.nodes.get("c")!.hasErrorEdge, true);
  assert.deepEqual(plan.nodes.get("b1")!.readers, ["b2"]);
});

test("every problem is reported at once, each with a path", () => {
  const problems = problemsOf({
    version: 1,
    nodes: [
      { id: "t", type: "trigger", config: {} },
      { id: "a", type: "value", config: {} },
      { id: "a", type: "value", config: {} },
      { id: "loop", type: "value", config: {} },
      { id: "1bad", type: "value", config: {} },
      { id: "u", type: "nope", config: {} },
      { id: "f", type: "flaky", config: { failures: "many" } },
      { id: "L", type: "loop", config: { mode: "count", count: 1 } },
      { id: "in", type: "value", parentId: "L", config: {} },
      { id: "r", type: "value", config: { value: "{{ghost.x}} {{in.value}} {{late.value}}" } },
      { id: "late", type: "value", config: {} },
      { id: "p", type: "value", parentId: "a", config: {} },
      { id: "bad", type: "value", config: { value: "{{ a..b }}" } },
    ],
    edges: [
      { id: "e0", source: "t", target: "a" },
      { id: "e1", source: "a", target: "zzz" },
      { id: "e2", source: "t", target: "in" },
      { id: "e3", source: "L", target: "in" },
      { id: "e4", source: "t", target: "a", sourceHandle: "nope" },
      { id: "e5", source: "t", target: "L" },
      { id: "e6", source: "t", target: "r" },
      { id: "e7", source: "t", target: "f" },
      { id: "e8", source: "r", target: "late" },
      { id: "e9", source: "t", target: "bad" },
      { id: "e9", source: "t", target: "u" },
    ],
  });
  has(problems, "nodes[2].id", /duplicate node id "a"/);
  has(problems, "nodes[3].id", /reserved/);
  has(problems, "nodes[4].id", /must start with a letter/);
  has(problems, "nodes[5].type", /unknown node type "nope"/);
  has(problems, "nodes[6].config.failures", /number/);
  has(problems, "nodes[11].parentId", /not a container/);
  has(problems, "nodes[12].config.value", /not a path/);
  has(problems, "edges[1].target", /"zzz", which is not a node/);
  has(problems, "edges[2]", /crosses a container boundary/);
  has(problems, "edges[3]", /own body/);
  has(problems, "edges[4].sourceHandle", /no handle "nope"/);
  has(problems, "edges[10].id", /duplicate edge id/);
  has(problems, "nodes[9].config.value", /"ghost", which is not a node/);
  has(problems, "nodes[9].config.value", /inside container "L".*\{\{L\.results\}\}/);
  has(problems, "nodes[9].config.value", /"late" can't have run before/);
});

test("schema errors of the outer shape are reported with paths", () => {
  const problems = problemsOf({ version: 2, nodes: "no" });
  has(problems, "version", /./);
  has(problems, "nodes", /./);
});

test("a cycle names its nodes; no entry node is a problem", () => {
  const problems = problemsOf(wf([{ id: "a", type: "value" }, { id: "b", type: "value" }, { id: "c", type: "value" }], ["a->b", "b->c", "c->a"]));
  const cycle = problems.find((p) => /cycle/.test(p.message));
  assert.ok(cycle && /"a"/.test(cycle.message) && /"b"/.test(cycle.message) && /"c"/.test(cycle.message), JSON.stringify(problems));
  assert.match(cycle.path, /^edges\[\d\]$/);
  has(problems, "nodes", /no entry node/);
});

test("config issues at template strings are ignored at build time; others are not", () => {
  const ok = buildPlan(wf([{ id: "t", type: "trigger" }, { id: "f", type: "flaky", config: { failures: "{{inputs.n}}" } }], ["t->f"]), registry);
  assert.ok(ok.ok);
  const problems = problemsOf(wf([{ id: "t", type: "trigger" }, { id: "f", type: "flaky", config: { failures: "n {{inputs.n}}".replace("{{", "{") } }], ["t->f"]));
  has(problems, "nodes[1].config.failures", /number/);
});

test("a container may read its own body (while condition); a body node may not read its container", () => {
  const ok = buildPlan(
    wf([{ id: "t", type: "trigger" }, { id: "L", type: "loop", config: { mode: "while", condition: "{{b.value}}" } }, { id: "b", type: "value", parentId: "L" }], ["t->L"]),
    registry,
  );
  assert.ok(ok.ok, JSON.stringify(!ok.ok && ok.problems));
  const problems = problemsOf(
    wf([{ id: "t", type: "trigger" }, { id: "L", type: "loop", config: { mode: "count", count: 1 } }, { id: "b", type: "value", parentId: "L", config: { value: "{{L.results}}" } }], ["t->L"]),
  );
  has(problems, "nodes[2].config.value", /container this node runs in/);
});

test("a 10,000-node, 20,000-edge definition builds (and references far upstream are checked)", () => {
  const nodes = [{ id: "t", type: "trigger" }, ...Array.from({ length: 9999 }, (_, i) => ({ id: `n${i}`, type: "value", config: { value: i > 10 ? `{{n${i - 10}.value}}` : 1 } }))];
  const edges = ["t->n0", "t->n1"];
  for (let i = 2; i < 9999; i++) edges.push(`n${i - 1}->n${i}`, `n${i - 2}->n${i}`);
  const built = buildPlan(wf(nodes, edges), registry);
  assert.ok(built.ok);
  assert.equal(built.plan.nodes.size, 10000);
});

test("approvers from a template build (checked once resolved); a literal non-email is refused at its index", () => {
  const core = createRegistry(coreHandlers);
  const approval = (approvers: unknown) => wf([{ id: "t", type: "trigger" }, { id: "a", type: "approval", config: { message: "ok?", approvers } }], ["t->a"]);
  assert.ok(buildPlan(approval("{{inputs.approvers}}"), core).ok);
  assert.ok(buildPlan(approval(["ops@example.test", "{{inputs.lead}}"]), core).ok);
  const refused = buildPlan(approval(["ops@example.test", "not-an-email"]), core);
  has(refused.ok ? [] : refused.problems, "nodes[1].config.approvers[1]", /email/);
});
