// Handlers' `prepare` (heavy resources such as the sandbox's WebAssembly module) starts once per
// type when a run starts, before the first node of that type runs; its failure never fails a run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { buildPlan, startRun } from "../../lib/engine/index";
import { createRegistry } from "../../lib/engine/handlers/registry";
import { triggerHandler } from "../../lib/engine/handlers/trigger";
import { defineHandler } from "../../lib/engine/handlers/types";
import { wf } from "./helpers";

function heavyHandler(log: string[], prepare: () => Promise<void>) {
  return defineHandler({
    type: "heavy",
    label: "heavy",
    description: "a node type with something to load first",
    category: "data",
    configSchema: z.object({}),
    handles: () => ["source"],
    prepare: async () => {
      log.push("prepare");
      await prepare();
    },
    async execute(_config, ctx) {
      log.push(`execute ${ctx.node.id}`);
      return { kind: "done", output: { ok: true } };
    },
  });
}

const definition = wf([{ id: "t", type: "trigger" }, { id: "a", type: "heavy" }, { id: "b", type: "heavy" }], ["t->a", "t->b"]);

function planWith(log: string[], prepare: () => Promise<void>) {
  const built = buildPlan(definition, createRegistry([triggerHandler, heavyHandler(log, prepare)]));
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  return built.plan;
}

test("prepare starts once per type, before the first node of that type executes", async () => {
  const log: string[] = [];
  const { result } = await startRun({ plan: planWith(log, async () => {}) });
  assert.equal(result.status, "completed");
  assert.equal(log.filter((entry) => entry === "prepare").length, 1);
  assert.equal(log[0], "prepare");
  assert.deepEqual(log.slice(1).sort(), ["execute a", "execute b"]);
});

test("a failing prepare doesn't fail the run", async () => {
  const log: string[] = [];
  const { result } = await startRun({ plan: planWith(log, async () => Promise.reject(new Error("no wasm today"))) });
  assert.equal(result.status, "completed");
  assert.equal(result.nodes.a.status, "completed");
});
