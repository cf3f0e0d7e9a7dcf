import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { NodeError } from "../../lib/engine/errors";
import { llmHandler } from "../../lib/engine/handlers/llm";
import { costOf, defaultPrices } from "../../lib/engine/llm/prices";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";
import { handlerOptionsFromEnv } from "../../lib/cli/options";
import { FakeAnthropic, FakeOpenAI } from "./llm-server";

const SECRET = "sk-workspace-secret";
const SERVER_KEY = "sk-from-the-server-process";
let fake: FakeOpenAI;
let savedKey: string | undefined;

before(async () => {
  fake = await new FakeOpenAI().start();
  // The server's own environment has a key: the handler must never use it.
  savedKey = process.env.OPENAI_API_KEY;
  process.env.OPENAI_API_KEY = SERVER_KEY;
});
after(() => {
  fake.stop();
  if (savedKey === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = savedKey;
});
beforeEach(() => {
  fake.requests.length = 0;
});

/** A context whose workspace secrets hold the key; loopback allowed (the fake server). */
function context(chunks: string[] = [], env: Record<string, string> = { OPENAI_API_KEY: SECRET }) {
  const ctx = makeContext({ scope: { env }, options: { allowPrivateHttp: true } });
  ctx.emitChunk = (text) => chunks.push(text);
  return ctx;
}

const ask = (extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o-mini",
  baseUrl: fake.url,
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Say hello" },
  ],
  ...extra,
});

describe("llm handler against a local OpenAI-compatible server", () => {
  it("streams the answer chunk by chunk through emitChunk, then returns text, usage and cost", { timeout: 10_000 }, async () => {
    const chunks: string[] = [];
    const pieces = ["Hel", "lo, ", "wor", "ld!"];
    const arrived = pieces.map(() => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    });
    // The server sends chunk i only after chunk i-1 reached emitChunk: a handler that
    // buffered the whole answer would never get past the first chunk.
    fake.queue({
      kind: "stream",
      chunks: pieces,
      usage: { prompt_tokens: 12, completion_tokens: 4 },
      model: "gpt-4o-mini-2024-07-18",
      before: (index) => (index === 0 ? Promise.resolve() : arrived[index - 1].promise),
    });
    const ctx = context();
    ctx.emitChunk = (text) => {
      chunks.push(text);
      arrived[chunks.length - 1]?.resolve();
    };
    const out = doneOutput(await run(llmHandler, ask({ temperature: 0.2, maxTokens: 50 }), ctx)) as Record<string, unknown>;
    assert.deepEqual(chunks, pieces);
    assert.equal(out.text, "Hello, world!");
    assert.equal(out.model, "gpt-4o-mini-2024-07-18");
    assert.deepEqual(out.usage, { inputTokens: 12, outputTokens: 4, totalTokens: 16 });
    const price = defaultPrices["gpt-4o-mini"];
    assert.deepEqual(out.cost, { usd: (12 * price.input + 4 * price.output) / 1e6 });
    assert.equal(out.object, undefined);

    const [request] = fake.requests;
    assert.equal(request.path, "/v1/chat/completions");
    assert.equal(request.body.model, "gpt-4o-mini");
    assert.equal(request.body.stream, true);
    assert.equal(request.body.temperature, 0.2);
    assert.equal(request.body.max_tokens, 50);
    assert.deepEqual(request.body.messages, [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Say hello" },
    ]);
  });

  it("sends the workspace secret, never the server's OPENAI_API_KEY", async () => {
    fake.queue({ kind: "stream", chunks: ["ok"] });
    await run(llmHandler, ask(), context());
    assert.equal(process.env.OPENAI_API_KEY, SERVER_KEY);
    assert.equal(fake.requests[0].headers.authorization, `Bearer ${SECRET}`);
  });

  it("uses the secret named by apiKeySecret", async () => {
    fake.queue({ kind: "stream", chunks: ["ok"] });
    await run(llmHandler, ask({ apiKeySecret: "TEAM_KEY" }), context([], { TEAM_KEY: "sk-team" }));
    assert.equal(fake.requests[0].headers.authorization, "Bearer sk-team");
  });

  it("fails without a key, naming the secret to set, and sends nothing", async () => {
    const noKey = makeContext({ scope: { env: {} }, options: { allowPrivateHttp: true } });
    const error = await rejectsWithCode(run(llmHandler, { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }, noKey), "VALIDATION_ERROR");
    assert.match(error.message, /no OpenAI API key: add a workspace secret named OPENAI_API_KEY/);
    const named = await rejectsWithCode(run(llmHandler, ask({ apiKeySecret: "TEAM_KEY" }), noKey), "VALIDATION_ERROR");
    assert.match(named.message, /workspace secret named TEAM_KEY/);
    const claude = await rejectsWithCode(run(llmHandler, { model: "claude-sonnet-4-5", messages: [{ role: "user", content: "hi" }] }, noKey), "VALIDATION_ERROR");
    assert.match(claude.message, /no Anthropic API key: add a workspace secret named ANTHROPIC_API_KEY/);
    assert.equal(fake.requests.length, 0);
  });

  it("takes the base URL from the workspace variable OPENAI_BASE_URL", async () => {
    fake.queue({ kind: "stream", chunks: ["from env"] });
    const out = doneOutput(await run(llmHandler, { model: "llama3", messages: [{ role: "user", content: "hi" }] }, context([], { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: fake.url }))) as Record<string, unknown>;
    assert.equal(out.text, "from env");
    assert.equal(out.cost, null, "no price for an unknown model");
    assert.deepEqual(out.usage, { inputTokens: null, outputTokens: null, totalTokens: null }, "the server sent no usage");
  });

  it("sends templated JSON content as JSON text", async () => {
    fake.queue({ kind: "stream", chunks: ["ok"] });
    await run(llmHandler, ask({ messages: [{ role: "user", content: { items: [1, 2] } }] }), context());
    assert.equal((fake.requests[0].body.messages as { content: string }[])[0].content, JSON.stringify({ items: [1, 2] }, null, 2));
  });

  it("refuses a loopback base URL unless private HTTP is allowed (same SSRF policy as http nodes)", async () => {
    const ctx = makeContext({ scope: { env: { OPENAI_API_KEY: SECRET } } });
    const error = await rejectsWithCode(run(llmHandler, ask(), ctx), "SSRF_BLOCKED");
    assert.match(error.message, /refused to connect to 127\.0\.0\.1/);
    assert.equal(fake.requests.length, 0);
  });
});

describe("llm provider errors", () => {
  it("429 is a retryable HTTP_429 carrying the provider's message", async () => {
    fake.queue({ kind: "error", status: 429, message: "Rate limit reached for gpt-4o-mini" });
    const error = await rejectsWithCode(run(llmHandler, ask(), context()), "HTTP_429");
    assert.equal((error as unknown as NodeError).retryable, true);
    assert.match(error.message, /Rate limit reached for gpt-4o-mini/);
    assert.equal(fake.requests.length, 1, "the SDK itself does not retry");
  });

  it("500 is retryable HTTP_500; 400 is HTTP_400, not retryable, with the provider's message", async () => {
    fake.queue({ kind: "error", status: 500, message: "The server had an error" });
    const down = await rejectsWithCode(run(llmHandler, ask(), context()), "HTTP_500");
    assert.equal((down as unknown as NodeError).retryable, true);
    fake.queue({ kind: "error", status: 400, message: "Invalid value for 'temperature'" });
    const bad = await rejectsWithCode(run(llmHandler, ask(), context()), "HTTP_400");
    assert.equal((bad as unknown as NodeError).retryable, false);
    assert.match(bad.message, /Invalid value for 'temperature'/);
    assert.equal(fake.requests.length, 2);
  });

  it("a stalled stream times out with TIMEOUT (retryable)", { timeout: 10_000 }, async () => {
    const chunks: string[] = [];
    fake.queue({ kind: "hang", chunks: ["partial"] });
    const error = await rejectsWithCode(run(llmHandler, ask({ timeoutMs: 200 }), context(chunks)), "TIMEOUT");
    assert.equal((error as unknown as NodeError).retryable, true);
    assert.match(error.message, /timed out after 200 ms/);
    assert.deepEqual(chunks, ["partial"]);
  });

  it("a refused connection is NETWORK (retryable)", async () => {
    const error = await rejectsWithCode(run(llmHandler, ask({ baseUrl: "http://127.0.0.1:1/v1" }), context()), "NETWORK");
    assert.equal((error as unknown as NodeError).retryable, true);
  });
});

describe("llm structured output", () => {
  const responseSchema = {
    type: "object",
    properties: { title: { type: "string" }, points: { type: "array", items: { type: "string" } } },
    required: ["title", "points"],
  };

  it("parses and validates the answer against responseSchema; asks for JSON", async () => {
    fake.queue({ kind: "stream", chunks: ['{"title":"Sum', 'mary","points":', '["a","b"]}'], usage: { prompt_tokens: 30, completion_tokens: 9 } });
    const out = doneOutput(await run(llmHandler, ask({ responseSchema }), context())) as Record<string, unknown>;
    assert.deepEqual(out.object, { title: "Summary", points: ["a", "b"] });
    assert.equal(out.text, '{"title":"Summary","points":["a","b"]}');
    const format = fake.requests[0].body.response_format as { type: string; json_schema?: { schema: unknown; strict?: boolean } };
    assert.equal(format.type, "json_schema");
    assert.deepEqual(format.json_schema?.schema, responseSchema);
  });

  it("an answer that doesn't match is VALIDATION_ERROR with the path", async () => {
    fake.queue({ kind: "stream", chunks: ['{"title":', "42}"] });
    const error = await rejectsWithCode(run(llmHandler, ask({ responseSchema }), context()), "VALIDATION_ERROR");
    assert.equal((error as unknown as NodeError).retryable, false);
    assert.match(error.message, /does not match responseSchema: .*title: must be string/);
    assert.match(error.message, /points: is required/);
  });

  it("an answer that isn't JSON is VALIDATION_ERROR", async () => {
    fake.queue({ kind: "stream", chunks: ["Sure! Here is", " the summary."] });
    const error = await rejectsWithCode(run(llmHandler, ask({ responseSchema }), context()), "VALIDATION_ERROR");
    assert.match(error.message, /not JSON/);
  });
});

describe("llm cost", () => {
  it("dated snapshots use their family's price; overrides win and add models", () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 };
    assert.deepEqual(costOf("gpt-4o-2024-08-06", usage), { usd: 12.5 });
    assert.deepEqual(costOf("gpt-4o-mini-2024-07-18", usage), { usd: 0.75 });
    assert.deepEqual(costOf("claude-sonnet-4-5-20250929", usage), { usd: 18 });
    assert.equal(costOf("llama3", usage), null);
    assert.deepEqual(costOf("llama3", usage, { llama3: { input: 0, output: 0.5 } }), { usd: 0.5 });
    assert.deepEqual(costOf("gpt-4o", usage, { "gpt-4o": { input: 1, output: 1 } }), { usd: 2 });
  });
});

describe("llm with Anthropic", () => {
  it("claude models go to the Messages API with x-api-key from the workspace secret; streams and counts usage", async () => {
    const anthropic = await new FakeAnthropic().start();
    try {
      anthropic.answer = { chunks: ["Bon", "jour"], inputTokens: 20, outputTokens: 3 };
      const chunks: string[] = [];
      const env = { ANTHROPIC_API_KEY: "sk-ant-workspace", ANTHROPIC_BASE_URL: anthropic.url };
      const out = doneOutput(await run(llmHandler, { model: "claude-3-5-haiku-latest", maxTokens: 100, messages: [{ role: "system", content: "French." }, { role: "user", content: "Hello" }] }, context(chunks, env))) as Record<string, unknown>;
      assert.deepEqual(chunks, ["Bon", "jour"]);
      assert.equal(out.text, "Bonjour");
      assert.deepEqual(out.usage, { inputTokens: 20, outputTokens: 3, totalTokens: 23 });
      const price = defaultPrices["claude-3-5-haiku"];
      assert.deepEqual(out.cost, { usd: (20 * price.input + 3 * price.output) / 1e6 });
      const [request] = anthropic.requests;
      assert.equal(request.path, "/v1/messages");
      assert.equal(request.headers["x-api-key"], "sk-ant-workspace");
      assert.equal(request.body.system !== undefined, true, "the system message goes to the system field");
      assert.equal(request.body.max_tokens, 100);
    } finally {
      anthropic.stop();
    }
  });
});

describe("FLOWMAESTRO_LLM_PRICES", () => {
  it("is read by the command line into handler options; bad values are named", () => {
    const fromEnv = (env: Record<string, string>) => handlerOptionsFromEnv(env as NodeJS.ProcessEnv);
    assert.deepEqual(fromEnv({ FLOWMAESTRO_LLM_PRICES: '{"llama3": {"input": 0.1, "output": 0.2}}' }).llmPrices, { llama3: { input: 0.1, output: 0.2 } });
    assert.equal(fromEnv({}).llmPrices, undefined);
    assert.throws(() => fromEnv({ FLOWMAESTRO_LLM_PRICES: "{oops" }), /FLOWMAESTRO_LLM_PRICES is not valid JSON/);
    assert.throws(() => fromEnv({ FLOWMAESTRO_LLM_PRICES: '{"m": {"input": -1, "output": 1}}' }), /FLOWMAESTRO_LLM_PRICES\.m\.input: /);
  });

  it("prices from handler options set the node's cost", async () => {
    fake.queue({ kind: "stream", chunks: ["ok"], usage: { prompt_tokens: 1000, completion_tokens: 500 } });
    const ctx = context();
    ctx.options.llmPrices = { "my-deployment": { input: 2, output: 4 } };
    const out = doneOutput(await run(llmHandler, ask({ model: "my-deployment" }), ctx)) as Record<string, unknown>;
    assert.deepEqual(out.cost, { usd: 0.004 });
  });
});
