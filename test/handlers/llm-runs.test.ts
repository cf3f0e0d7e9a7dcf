/** llm nodes inside runs: engine retries, error routing, chunks to hooks.onChunk, usage recorded for node_runs. */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { buildPlan, startRun } from "../../lib/engine/index";
import { createRegistry } from "../../lib/engine/handlers/registry";
import { llmHandler } from "../../lib/engine/handlers/llm";
import { outputHandler } from "../../lib/engine/handlers/output";
import { triggerHandler } from "../../lib/engine/handlers/trigger";
import { defaultPrices } from "../../lib/engine/llm/prices";
import { createRunRecorder } from "../../lib/runs/recorder";
import { FakeOpenAI } from "./llm-server";

const SECRET = "sk-workspace-secret";
let fake: FakeOpenAI;
before(async () => {
  fake = await new FakeOpenAI().start();
});
after(() => fake.stop());
beforeEach(() => {
  fake.requests.length = 0;
});

const ask = () => ({ model: "gpt-4o-mini", baseUrl: fake.url, messages: [{ role: "user", content: "Summarize {{inputs.topic}}" }] });

describe("llm nodes in runs", () => {
  const registry = createRegistry([triggerHandler, llmHandler, outputHandler]);
  const definition = (llm: Record<string, unknown>, extraNodes: unknown[] = [], extraEdges: unknown[] = []) => ({
    version: 1,
    name: "llm",
    nodes: [{ id: "start", type: "trigger", config: {} }, { id: "ask", type: "llm", config: ask(), ...llm }, ...extraNodes],
    edges: [{ id: "e1", source: "start", target: "ask" }, ...extraEdges],
  });
  async function start(def: unknown, reportsUsage?: (nodeId: string) => boolean) {
    const built = buildPlan(def, registry);
    if (!built.ok) throw new Error(JSON.stringify(built.problems));
    const chunks: string[] = [];
    // As lib/runs/session.ts sets it (unless told otherwise): only llm nodes record usage.
    const recorder = createRunRecorder({ nextSeq: 0, reportsUsage: reportsUsage ?? ((nodeId) => built.plan.nodes.get(nodeId)?.type === "llm") });
    const outcome = await startRun({
      plan: built.plan,
      inputs: { topic: "tides" },
      env: { OPENAI_API_KEY: SECRET },
      options: { handler: { allowPrivateHttp: true } },
      hooks: { ...recorder.hooks, onChunk: (key, text) => chunks.push(`${key.nodeId}:${text}`) },
    });
    return { ...outcome, chunks, nodeRuns: recorder.drain()?.nodeRuns ?? [] };
  }

  it("a 429 then a 200 is retried by the engine and completes with attempts 2", async () => {
    fake.queue({ kind: "error", status: 429, message: "slow down" }, { kind: "stream", chunks: ["second ", "try"], usage: { prompt_tokens: 5, completion_tokens: 2 } });
    const { result, chunks, nodeRuns } = await start(
      definition({ retry: { maxAttempts: 2, backoffMs: 1 } }, [{ id: "out", type: "output", config: { name: "answer", value: "{{ask.text}}" } }], [{ id: "e2", source: "ask", target: "out" }]),
    );
    assert.equal(result.status, "completed");
    assert.equal(result.nodes.ask.attempts, 2);
    assert.equal(result.outputs.answer, "second try");
    assert.deepEqual(chunks, ["ask:second ", "ask:try"]);
    assert.equal(fake.requests.length, 2);
    assert.equal((fake.requests[1].body.messages as { content: string }[])[0].content, "Summarize tides");
    // What the run store writes to node_runs.usage.
    const price = defaultPrices["gpt-4o-mini"];
    const row = nodeRuns.find((r) => r.nodeId === "ask");
    assert.deepEqual(row?.usage, { inputTokens: 5, outputTokens: 2, totalTokens: 7, cost: { usd: (5 * price.input + 2 * price.output) / 1e6 } });
    assert.equal(nodeRuns.find((r) => r.nodeId === "out")?.usage, undefined);
    // Only the nodes the session names as model calls record usage (the Runs page sums it).
    fake.queue({ kind: "stream", chunks: ["again"], usage: { prompt_tokens: 5, completion_tokens: 2 } });
    const unnamed = await start(definition({}), () => false);
    assert.equal(unnamed.nodeRuns.find((r) => r.nodeId === "ask")?.usage, undefined);
  });

  it("a 400 goes down the error port: the run completes, the node is failed with errorRouted", async () => {
    fake.queue({ kind: "error", status: 400, message: "model not found" });
    const { result } = await start(
      definition({ retry: { maxAttempts: 3, backoffMs: 1 } }, [{ id: "fallback", type: "output", config: { name: "error", value: "{{ask.error.code}}: {{ask.error.message}}" } }], [
        { id: "e2", source: "ask", target: "fallback", sourceHandle: "error" },
      ]),
    );
    assert.equal(result.status, "completed");
    assert.equal(result.nodes.ask.status, "failed");
    assert.equal(result.nodes.ask.errorRouted, true);
    assert.equal(result.nodes.ask.attempts, 1, "a 400 is not retried");
    assert.match(String(result.outputs.error), /^HTTP_400: .*model not found/);
  });
});
