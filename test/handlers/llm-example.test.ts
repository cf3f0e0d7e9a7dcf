/** examples/summarize-http.json runs as documented: HTTP JSON in, an LLM summary out (both servers local). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { buildPlan, startRun } from "../../lib/engine/index";
import { coreHandlers, createRegistry } from "../../lib/engine/handlers";
import { FakeOpenAI } from "./llm-server";

const definition: unknown = JSON.parse(readFileSync(new URL("../../examples/summarize-http.json", import.meta.url), "utf8"));
const posts = [
  { id: 1, title: "Tides explained" },
  { id: 2, title: "Why the moon matters" },
];
let fake: FakeOpenAI;
let api: http.Server;
let apiUrl = "";

before(async () => {
  fake = await new FakeOpenAI().start();
  api = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(posts)));
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}/posts`;
});
after(() => {
  fake.stop();
  api.closeAllConnections();
  api.close();
});

async function runExample() {
  const built = buildPlan(definition, createRegistry(coreHandlers));
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  const chunks: string[] = [];
  const { result } = await startRun({
    plan: built.plan,
    inputs: { url: apiUrl },
    env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url },
    options: { handler: { allowPrivateHttp: true } },
    hooks: { onChunk: (_key, text) => chunks.push(text) },
  });
  return { result, chunks };
}

describe("examples/summarize-http.json", () => {
  it("fetches the JSON, streams the summary, reports usage and cost", async () => {
    fake.queue({ kind: "stream", chunks: ["- Tides ", "and the moon"], usage: { prompt_tokens: 80, completion_tokens: 6 } });
    const { result, chunks } = await runExample();
    assert.equal(result.status, "completed");
    assert.equal(result.outputs.summary, "- Tides and the moon");
    assert.deepEqual(chunks, ["- Tides ", "and the moon"]);
    const usage = result.outputs.usage as { model: string; tokens: unknown; cost: { usd: number } };
    assert.deepEqual(usage.tokens, { inputTokens: 80, outputTokens: 6, totalTokens: 86 });
    assert.ok(usage.cost.usd > 0);
    const prompt = (fake.requests.at(-1)!.body.messages as { content: string }[])[1].content;
    assert.ok(prompt.includes(JSON.stringify(posts)), prompt);
    assert.equal(result.outputs.llmError, undefined);
  });

  it("a provider refusal goes to the llmError output and the run still completes", async () => {
    fake.queue({ kind: "error", status: 401, message: "Incorrect API key provided" });
    const { result } = await runExample();
    assert.equal(result.status, "completed");
    assert.match(String(result.outputs.llmError), /^HTTP_401: .*Incorrect API key provided/);
    assert.equal(result.outputs.summary, undefined);
  });
});
