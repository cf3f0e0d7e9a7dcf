/**
 * `agent`: a model that calls tools until it has an answer (issue 17). The same providers, keys
 * and settings as `llm`; a system prompt and the task; tools: HTTP request templates, the tools of
 * MCP servers, and workflows, each call a child run (../llm/agent-tools.ts). It loops model → tool
 * calls → results until the model answers without calling a tool, or fails with MAX_STEPS after
 * `maxSteps` model calls. A tool that fails is told to the model, which may try something else. A
 * workflow tool whose child run waits for people pauses the node until that run ends, and the
 * agent then goes on with its conversation (../llm/agent-waits.ts). The run panel shows the steps as they
 * happen (streamed: the model's text, each call and its result); the output keeps them:
 * `{ text, steps: [{ tool, input, output | error, runId? }], modelCalls, model, usage, cost, object? }`.
 */
import { z } from "zod";
import { retrySchema } from "../definition";
import { parseDuration } from "../duration";
import { createGuardedFetch } from "../net/guarded-fetch";
import { DEFAULT_MCP_TIMEOUT_MS } from "./mcp";
import { withTimeout } from "./abort";
import { DEFAULT_LLM_TIMEOUT_MS, modelFields, usageAndCost } from "./llm";
import { carryOf, continueWith, pauseOn } from "../llm/agent-carry";
import { defineHandler, type ExecuteContext } from "./types";

const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const headers = z.record(z.string(), z.string()).optional();

const toolSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("http"),
    name: z.string().regex(TOOL_NAME, "a tool name: letters, digits, _ and -, at most 64"),
    description: z.string().min(1, "say what the tool does: the model reads it"),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
    url: z.string().min(1, "the URL, e.g. https://api.example.com/orders/{{args.id}}"),
    headers,
    body: z.unknown().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    retry: retrySchema.optional(),
  }),
  z.object({ kind: z.literal("mcp"), url: z.string().min(1, "the MCP server's URL, e.g. {{env.MCP_URL}}"), headers, include: z.array(z.string()).optional(), retry: retrySchema.optional() }),
  z.object({
    kind: z.literal("workflow"),
    workflow: z.string().trim().min(1, "the workflow to offer: its id in the app, its file's path on the command line"),
    name: z.string().regex(TOOL_NAME, "a tool name: letters, digits, _ and -, at most 64").optional(),
    description: z.string().min(1).optional(),
  }),
]);

const configSchema = z.object({
  ...modelFields,
  system: z.string().optional().describe("Instructions: who the agent is, what it may do, when to stop"),
  prompt: z
    .preprocess((v) => (typeof v === "string" || v === undefined ? v : JSON.stringify(v, null, 2)), z.string().min(1, "the task, e.g. Find order {{inputs.id}} and say when it ships"))
    .describe("The task or question; templates allowed, e.g. Where is order {{inputs.orderId}}?"),
  tools: z
    .array(toolSchema)
    .default([])
    .describe('Tools: {"kind":"http","name","description","method","url","headers","body","parameters": JSON Schema,"retry"?: {maxAttempts,backoffMs}} with {{args.x}} and {{env.X}} in url, headers and body; {"kind":"mcp","url","headers","include": [tool names],"retry"?}; or {"kind":"workflow","workflow": its id, "name"?, "description"?}: each call a child run'),
  maxSteps: z.number().int().min(1).max(50).default(10).describe("The most model calls before giving up (MAX_STEPS); default 10"),
});
export type AgentConfig = z.infer<typeof configSchema>;

const loadAgent = () =>
  Promise.all([import("../llm/provider"), import("../llm/agent-loop"), import("../llm/agent-tools"), import("../llm/errors"), import("../llm/structured"), import("../llm/agent-waits")]);

/** What the run panel shows while the agent works: its text, and a line of its own per tool call and result. */
function narrate(ctx: ExecuteContext) {
  let said = false;
  let afterLine = false;
  const emit = (text: string) => {
    ctx.emitChunk(text);
    said = true;
  };
  const line = (text: string) => {
    emit(`${said ? "\n" : ""}${text}`);
    afterLine = true;
  };
  return (event: import("../llm/agent-loop").AgentEvent) => {
    if (event.kind === "text") {
      emit(`${afterLine ? "\n" : ""}${event.text}`);
      afterLine = false;
    } else if (event.kind === "tool-call") line(`→ ${event.tool}(${JSON.stringify(event.input) ?? ""})`);
    else if (event.kind === "tool-retry") line(`↻ ${event.tool}: attempt ${event.attempt} in ${event.delayMs} ms (${event.error})`);
    else if (event.kind === "tool-waiting") line(`⏸ ${event.tool}: its run ${event.runId} waits for people; the agent goes on when it ends`);
    else line(`${event.ok ? "←" : "✗"} ${event.tool}: ${event.summary}`);
  };
}

export const agentHandler = defineHandler<AgentConfig>({
  type: "agent",
  label: "Agent",
  keywords: ["agent", "ai", "tools", "assistant", "gpt", "claude"],
  description: "A model that calls tools (HTTP APIs, MCP servers, workflows) until it has an answer",
  category: "ai",
  configSchema,
  // Tool templates are filled when the model calls a tool ({{args.x}}), and a JSON Schema describes data.
  rawFields: ["tools", "responseSchema"],
  handles: () => ["source"],
  async execute(config, ctx) {
    const [{ createModel, resolveProvider }, { runAgent }, { buildTools }, { toNodeError }, { assertUsableSchema, parseStructured }, { settleWaiting }] = await loadAgent();
    const env = (ctx.scope.env ?? {}) as Readonly<Record<string, unknown>>;
    const provider = resolveProvider(config, env);
    if (config.responseSchema) assertUsableSchema(config.responseSchema);
    const model = createModel(provider, config.model, createGuardedFetch({ allowPrivate: ctx.options.allowPrivateHttp }));
    const timeoutMs = config.timeoutMs !== undefined ? parseDuration(config.timeoutMs)! : DEFAULT_LLM_TIMEOUT_MS;
    const limit = withTimeout(ctx.signal, timeoutMs, `the agent timed out after ${timeoutMs} ms`);
    let tools: Awaited<ReturnType<typeof buildTools>> | undefined;
    let answer;
    const onEvent = narrate(ctx);
    try {
      const carry = carryOf(ctx);
      if (carry) {
        const still = await settleWaiting(carry, { ...ctx, signal: limit.signal }, onEvent);
        if (still.length > 0) return pauseOn(carry.conversation, still);
      }
      tools = await buildTools(config.tools, { ...ctx, signal: limit.signal }, DEFAULT_MCP_TIMEOUT_MS, (tool, attempt, delayMs, error) =>
        onEvent({ kind: "tool-retry", tool, attempt, delayMs, error: `${error.code}: ${error.message}` }),
      );
      const outcome = await runAgent({
        model,
        system: config.system,
        prompt: config.prompt,
        tools: tools.tools,
        maxSteps: config.maxSteps,
        temperature: config.temperature,
        maxTokens: config.maxTokens,
        responseSchema: config.responseSchema,
        signal: limit.signal,
        onEvent,
        conversation: carry?.conversation,
      });
      if (outcome.kind === "waiting") return pauseOn(outcome.conversation, outcome.calls);
      answer = outcome.answer;
    } catch (error) {
      throw toNodeError(error, limit.signal, provider.label);
    } finally {
      limit.dispose();
      await tools?.close();
    }
    const { usage, cost } = usageAndCost(config.model, answer, ctx);
    const output: Record<string, unknown> = { text: answer.text, steps: answer.steps, modelCalls: answer.modelCalls, model: answer.responseModel ?? config.model, usage, cost };
    if (config.responseSchema) output.object = parseStructured(answer.text, config.responseSchema);
    return { kind: "done", output };
  },
  resume(_config, input, waitpoint) {
    return continueWith(input, waitpoint);
  },
});
