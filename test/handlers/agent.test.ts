// The agent node against local fakes only: an OpenAI-compatible server that answers with tool
// calls (test/handlers/llm-server.ts), an orders API (plain HTTP), and an MCP server built with the
// official SDK. The agent calls an HTTP tool and an MCP tool and then answers; a tool that fails is
// reported back to the model, which recovers; maxSteps stops a model that never answers; the steps
// are streamed to the run panel as they happen and kept in the output.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { z } from "zod";
import { createCliWorkflowHost, WorkflowFiles } from "../../lib/cli/subworkflows";
import { NodeError } from "../../lib/engine/errors";
import { agentHandler } from "../../lib/engine/handlers/agent";
import { MAX_STEPS } from "../../lib/engine/llm/agent-loop";
import { startMcpServer, type LocalMcp } from "../support/mcp-server";
import { doneOutput, makeContext, rejectsWithCode, run } from "./helpers";
import { FakeOpenAI } from "./llm-server";

let llm: FakeOpenAI;
let api: Server;
let mcp: LocalMcp;
let apiUrl = "";
let mcpUrl = "";
const apiSeen: { path: string; authorization?: string; idempotencyKey?: string }[] = [];

before(async () => {
  llm = await new FakeOpenAI().start();
  api = createServer((req, res) => {
    apiSeen.push({ path: req.url!, authorization: req.headers.authorization, idempotencyKey: req.headers["idempotency-key"] as string | undefined });
    if (req.url === "/orders/broken") return void res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "database unavailable" }));
    // Down for its first request of each call (by Idempotency-Key), up for the next.
    if (req.url === "/orders/flaky" && apiSeen.filter((s) => s.idempotencyKey === req.headers["idempotency-key"]).length === 1) {
      return void res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: "warming up" }));
    }
    const id = /^\/orders\/(\w+)$/.exec(req.url!)?.[1];
    res.writeHead(id ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(id ? { id, status: "shipped", carrier: "DHL" } : { error: "no route" }));
  });
  mcp = await startMcpServer((server) =>
    server.registerTool("eta", { description: "Delivery estimate of an order", inputSchema: { orderId: z.string() } }, async ({ orderId }) => ({ content: [{ type: "text", text: `${orderId} arrives Tuesday` }] })),
  );
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
  mcpUrl = mcp.url;
});
after(async () => {
  llm.stop();
  await Promise.all([new Promise<void>((resolve) => api.close(() => resolve())), mcp.close()]);
});

const env = { OPENAI_API_KEY: "sk-test", ORDERS_TOKEN: "orders-secret" };
const orderTool = () => ({
  kind: "http",
  name: "get_order",
  description: "Looks up an order by id",
  url: `${apiUrl}/orders/{{args.id}}`,
  headers: { authorization: "Bearer {{env.ORDERS_TOKEN}}" },
  parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
});
const config = (extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o-mini",
  baseUrl: llm.url,
  system: "You answer questions about orders.",
  prompt: "Where is order A1?",
  tools: [orderTool(), { kind: "mcp", url: mcpUrl }],
  ...extra,
});
function context() {
  const chunks: string[] = [];
  const ctx = makeContext({ scope: { env }, options: { allowPrivateHttp: true } });
  ctx.emitChunk = (text) => chunks.push(text);
  return { ctx, chunks };
}
/** The tool messages the model was sent in request `n`. */
const toolMessages = (n: number) => ((llm.requests[n]!.body.messages as { role: string; content: unknown; tool_call_id?: string }[]) ?? []).filter((m) => m.role === "tool");

describe("agent node", () => {
  it("calls an HTTP tool and an MCP tool, then answers; steps streamed and kept, usage summed", async () => {
    const before = llm.requests.length;
    llm.queue(
      { kind: "tool_calls", calls: [{ id: "call_1", name: "get_order", arguments: { id: "A1" } }], usage: { prompt_tokens: 50, completion_tokens: 10 } },
      { kind: "tool_calls", calls: [{ id: "call_2", name: "eta", arguments: { orderId: "A1" } }], usage: { prompt_tokens: 80, completion_tokens: 12 } },
      { kind: "stream", chunks: ["Order A1 shipped with DHL; ", "it arrives Tuesday."], usage: { prompt_tokens: 120, completion_tokens: 14 } },
    );
    const { ctx, chunks } = context();
    const out = doneOutput(await run(agentHandler, config(), ctx)) as Record<string, unknown>;
    assert.equal(out.text, "Order A1 shipped with DHL; it arrives Tuesday.");
    assert.deepEqual(out.steps, [
      { tool: "get_order", input: { id: "A1" }, output: { status: 200, data: { id: "A1", status: "shipped", carrier: "DHL" } } },
      { tool: "eta", input: { orderId: "A1" }, output: "A1 arrives Tuesday" },
    ]);
    assert.equal(out.modelCalls, 3);
    assert.deepEqual(out.usage, { inputTokens: 250, outputTokens: 36, totalTokens: 286 });
    // The tool's request was filled in from the model's arguments and the workspace's secret.
    assert.deepEqual({ ...apiSeen.at(-1), idempotencyKey: undefined }, { path: "/orders/A1", authorization: "Bearer orders-secret", idempotencyKey: undefined });
    // What the model saw: the tools offered, then each result as a tool message.
    const offered = (llm.requests[before]!.body.tools as { function: { name: string } }[]).map((t) => t.function.name).sort();
    assert.deepEqual(offered, ["eta", "get_order"]);
    assert.match(JSON.stringify(toolMessages(before + 1)), /shipped/);
    assert.match(JSON.stringify(toolMessages(before + 2)), /arrives Tuesday/);
    // The run panel saw each step as it happened.
    const streamed = chunks.join("");
    assert.match(streamed, /→ get_order\(\{"id":"A1"\}\)/);
    assert.match(streamed, /← get_order: \{"status":200/);
    assert.match(streamed, /→ eta\(\{"orderId":"A1"\}\)/);
    assert.ok(streamed.endsWith("Order A1 shipped with DHL; it arrives Tuesday."));
  });

  it("two HTTP tool calls of one attempt send two Idempotency-Keys: a server that honours them answers each", async () => {
    const seen = apiSeen.length;
    llm.queue(
      { kind: "tool_calls", calls: [{ id: "call_a", name: "get_order", arguments: { id: "A1" } }, { id: "call_b", name: "get_order", arguments: { id: "B2" } }] },
      { kind: "stream", chunks: ["Both shipped."] },
    );
    const { ctx } = context();
    doneOutput(await run(agentHandler, config({ prompt: "Where are A1 and B2?" }), ctx));
    const keys = apiSeen.slice(seen).map((s) => s.idempotencyKey);
    assert.equal(keys.length, 2);
    assert.notEqual(keys[0], keys[1]);
    assert.ok(keys.every((k) => k?.startsWith(`${ctx.runId}:`)), String(keys));
  });

  it("a tool with retry tries a retryable failure again, with the same Idempotency-Key, and says so in the stream", async () => {
    const seen = apiSeen.length;
    llm.queue({ kind: "tool_calls", calls: [{ id: "call_f", name: "get_order", arguments: { id: "flaky" } }] }, { kind: "stream", chunks: ["flaky shipped."] });
    const { ctx, chunks } = context();
    const retrying = config({ prompt: "Where is flaky?", tools: [{ ...orderTool(), retry: { maxAttempts: 3, backoffMs: 5 } }] });
    const out = doneOutput(await run(agentHandler, retrying, ctx)) as { steps: { output?: { status: number } }[] };
    assert.equal(out.steps[0]!.output?.status, 200);
    const calls = apiSeen.slice(seen);
    assert.deepEqual(calls.map((c) => c.path), ["/orders/flaky", "/orders/flaky"]);
    assert.equal(calls[0]!.idempotencyKey, calls[1]!.idempotencyKey, "one call, one key");
    assert.match(chunks.join(""), /↻ get_order: attempt 2 in 5 ms \(HTTP_503/);
    // Without retry the same failure goes to the model at once.
    llm.queue({ kind: "tool_calls", calls: [{ id: "call_g", name: "get_order", arguments: { id: "flaky" } }] }, { kind: "stream", chunks: ["down."] });
    const once = doneOutput(await run(agentHandler, config({ prompt: "Where is flaky?", tools: [orderTool()] }), context().ctx)) as { steps: { error?: string }[] };
    assert.match(once.steps[0]!.error ?? "", /HTTP_503/);
  });

  it("a tool that fails is reported to the model, which recovers with an answer", async () => {
    const before = llm.requests.length;
    llm.queue(
      { kind: "tool_calls", calls: [{ id: "call_x", name: "get_order", arguments: { id: "broken" } }] },
      { kind: "stream", chunks: ["The order system is down; try again later."] },
    );
    const { ctx, chunks } = context();
    const out = doneOutput(await run(agentHandler, config({ prompt: "Where is order broken?" }), ctx)) as { text: string; steps: { tool: string; error?: string }[] };
    assert.equal(out.text, "The order system is down; try again later.");
    assert.equal(out.steps.length, 1);
    assert.match(out.steps[0]!.error ?? "", /HTTP_500: HTTP 500 .*database unavailable/);
    assert.match(JSON.stringify(toolMessages(before + 1)), /HTTP_500/, "the model was told why");
    assert.match(chunks.join(""), /✗ get_order: HTTP_500/);
  });

  it("maxSteps stops a model that never stops calling tools (MAX_STEPS, not retryable)", async () => {
    const again = (id: string) => ({ kind: "tool_calls" as const, calls: [{ id, name: "get_order", arguments: { id: "A1" } }] });
    llm.queue(again("c1"), again("c2"));
    const error = await run(agentHandler, config({ maxSteps: 2 }), context().ctx).catch((e: unknown) => e);
    assert.ok(error instanceof NodeError && error.code === MAX_STEPS && !error.retryable, String(error));
    assert.match((error as Error).message, /no answer after 2 model calls/);
  });

  // Workflows as tools, through the command line's sub-workflow host (definition files, children
  // run in this process): each call a child run of its own; a failed child is told to the model.
  it("offers workflows as tools: each call runs the workflow as a child run, linked from its step; a failed one is reported", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fm-agent-wf-"));
    const greet = {
      version: 1,
      name: "Greet someone",
      description: "Greets a person by name",
      inputs: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
      nodes: [
        { id: "t", type: "trigger", config: {} },
        { id: "o", type: "output", config: { name: "greeting", value: "Hello, {{inputs.name}}!" } },
      ],
      edges: [{ id: "e", source: "t", target: "o" }],
    };
    const broken = { version: 1, name: "Broken", nodes: [{ id: "t", type: "trigger", config: {} }, { id: "f", type: "fail", config: { message: "the ledger is locked", code: "LOCKED" } }], edges: [{ id: "e", source: "t", target: "f" }] };
    writeFileSync(join(dir, "greet.json"), JSON.stringify(greet));
    writeFileSync(join(dir, "broken.json"), JSON.stringify(broken));
    const caller = join(dir, "caller.json");
    const host = createCliWorkflowHost({ files: new WorkflowFiles(), file: caller, depth: 0, env, handler: { allowPrivateHttp: true }, background: new Set() });
    const before = llm.requests.length;
    llm.queue(
      { kind: "tool_calls", calls: [{ id: "call_a", name: "greet_someone", arguments: { name: "Ada" } }, { id: "call_b", name: "greet_someone", arguments: { name: "Grace" } }] },
      { kind: "tool_calls", calls: [{ id: "call_c", name: "broken", arguments: {} }] },
      { kind: "stream", chunks: ["Greeted Ada and Grace; the ledger is locked."] },
    );
    const { ctx, chunks } = context();
    ctx.options.workflows = host;
    const tools = [{ kind: "workflow", workflow: "greet.json" }, { kind: "workflow", workflow: "broken.json" }];
    const out = doneOutput(await run(agentHandler, config({ tools }), ctx)) as { text: string; steps: { tool: string; input: unknown; output?: { runId: string; outputs: unknown }; error?: string; runId?: string }[] };
    // The model was offered each workflow with its description and inputs schema.
    const offered = (llm.requests[before]!.body.tools as { function: { name: string; description: string; parameters: unknown } }[]).map((t) => t.function);
    assert.deepEqual(offered.find((f) => f.name === "greet_someone"), { name: "greet_someone", description: "Greets a person by name", parameters: greet.inputs });
    assert.deepEqual(out.steps.map((s) => [s.tool, s.output?.outputs ?? null]), [["greet_someone", { greeting: "Hello, Ada!" }], ["greet_someone", { greeting: "Hello, Grace!" }], ["broken", null]]);
    const runIds = out.steps.map((s) => s.runId);
    assert.ok(runIds.every((id) => typeof id === "string" && id.startsWith("run_")), JSON.stringify(runIds));
    assert.equal(new Set(runIds).size, 3, "each call is a run of its own");
    assert.equal(out.steps[0]!.output!.runId, runIds[0]);
    assert.match(out.steps[2]!.error ?? "", /run_\w+ failed: LOCKED: the ledger is locked/);
    assert.match(JSON.stringify(toolMessages(before + 2)), /the ledger is locked/, "the model was told why");
    assert.match(chunks.join(""), /→ greet_someone\(\{"name":"Ada"\}\)/);
    assert.equal(out.text, "Greeted Ada and Grace; the ledger is locked.");
  });

  it("refuses bad tool settings with the field and why, before calling the model", async () => {
    const before = llm.requests.length;
    const cases: [unknown[], RegExp][] = [
      [[{ kind: "http", name: "bad name!", description: "x", url: "http://x" }], /tools\.0\.name: a tool name/],
      [[{ kind: "http", name: "t", url: "http://x" }], /tools\.0\.description/],
      [[{ kind: "ftp", url: "x" }], /tools\.0\.kind/],
    ];
    for (const [tools, message] of cases) assert.match((await rejectsWithCode(run(agentHandler, config({ tools }), context().ctx), "VALIDATION_ERROR")).message, message);
    const twice = await run(agentHandler, config({ tools: [orderTool(), orderTool()] }), context().ctx).catch((e: unknown) => e);
    assert.ok(twice instanceof NodeError && /two tools are named "get_order"/.test(twice.message), String(twice));
    assert.equal(llm.requests.length, before, "the model was not called");
  });
});
