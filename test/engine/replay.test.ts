// The replay runtime: recorded top-level results complete at once, the rest runs for real.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildPlan, createEmbeddedRuntime, startRun, type RunEvent } from "../../lib/engine/index";
import { coreHandlers, createRegistry } from "../../lib/engine/handlers";
import { createReplayRuntime } from "../../lib/engine/run/replay";

const definition = {
  version: 1,
  name: "replay",
  nodes: [
    { id: "t", type: "trigger", config: {} },
    { id: "v", type: "variable", config: { name: "x", value: "fresh" } },
    { id: "c", type: "condition", config: { condition: "{{var.x}}" } },
    { id: "yes", type: "output", config: { name: "out", value: "{{var.x}}" } },
    { id: "no", type: "output", config: { name: "out", value: "no" } },
  ],
  edges: [
    { id: "e1", source: "t", target: "v" },
    { id: "e2", source: "v", target: "c" },
    { id: "e3", source: "c", target: "yes", sourceHandle: "true" },
    { id: "e4", source: "c", target: "no", sourceHandle: "false" },
  ],
};

test("recorded nodes complete with their recorded output, handle and variables; others execute", async () => {
  const built = buildPlan(definition, createRegistry(coreHandlers));
  assert.ok(built.ok);
  const recorded = new Map([
    ["v", { output: { name: "x", value: "recorded" }, variables: { x: "recorded" } }],
    ["c", { output: { result: false }, handle: "false" }],
  ]);
  const events: RunEvent[] = [];
  const outcome = await startRun({
    plan: built.plan,
    hooks: { onEvent: (e) => events.push(e) },
    options: { runtime: (ctx) => createReplayRuntime(createEmbeddedRuntime({ plan: ctx.plan, options: ctx.handlerOptions }), recorded) },
  });
  assert.equal(outcome.result.status, "completed");
  // The recorded branch (false) is taken although the fresh value would be truthy.
  assert.deepEqual(outcome.result.outputs, { out: "no" });
  assert.equal(outcome.result.nodes.yes.status, "skipped");
  assert.deepEqual(outcome.result.nodes.v.output, { name: "x", value: "recorded" });
  assert.equal(outcome.state.variables.x, "recorded");
});
