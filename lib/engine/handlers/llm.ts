/**
 * `llm`: one chat completion, streamed (spec section 4). Tokens go out through
 * `ctx.emitChunk` as they arrive; the output is
 * `{ text, model, usage: { inputTokens, outputTokens, totalTokens }, cost: { usd } | null, object? }`.
 * Providers: OpenAI and every OpenAI-compatible server through `baseUrl`, and
 * Anthropic. Keys come from the workspace's secrets only (see ../llm/provider.ts).
 */
import { z } from "zod";
import { durationSchema, parseDuration } from "../duration";
import { createGuardedFetch } from "../net/guarded-fetch";
import { costOf, type TokenUsage } from "../llm/prices";
import { withTimeout } from "./abort";
import { defineHandler, type ExecuteContext } from "./types";

/** Time limit of one call when neither the node's config nor its `timeoutMs` says otherwise: answers can take minutes. */
export const DEFAULT_LLM_TIMEOUT_MS = 5 * 60_000;

/** A message's content: text; a whole-template field that resolved to JSON (`{{fetch.data}}`) is sent as JSON text. */
const contentSchema = z.preprocess(
  (value) => (typeof value === "string" || value === undefined ? value : JSON.stringify(value, null, 2)),
  z.string(),
);

/** The model settings the llm and agent nodes share. */
export const modelFields = {
  provider: z.enum(["openai", "anthropic"]).optional().describe("Who serves the model; when empty, anthropic for claude* models, else openai"),
  model: z.string().trim().min(1, "model is required").describe("The model's name, e.g. gpt-4o-mini or claude-sonnet-4-5"),
  temperature: z.number().min(0).max(2).optional().describe("Randomness, from 0 (focused) to 2 (varied); the model's default when empty"),
  maxTokens: z.number().int().positive().optional().describe("The most tokens the answer may use; the provider's default when empty"),
  baseUrl: z.string().trim().min(1).optional().describe("Another server's API address, e.g. http://localhost:11434/v1 for Ollama"),
  apiKeySecret: z.string().trim().min(1).optional().describe("The workspace secret with the API key; OPENAI_API_KEY or ANTHROPIC_API_KEY when empty"),
  responseSchema: z.record(z.string(), z.unknown()).optional().describe("A JSON Schema the answer must match; the parsed answer is output as `object`"),
  timeoutMs: durationSchema.optional().describe('Time limit of the call: milliseconds or a duration like "30s", "5m"; default 5m'),
};

const configSchema = z.object({
  provider: modelFields.provider,
  model: modelFields.model,
  messages: z
    .array(
      z.object({
        role: z.enum(["system", "user", "assistant"]).describe("Who says it: system (instructions), user or assistant"),
        content: contentSchema.describe("The message text; templates allowed, e.g. Summarize: {{fetch.data}}"),
      }),
    )
    .min(1, "at least one message is required")
    .describe("The conversation, in order: { role, content } each; at least one"),
  temperature: modelFields.temperature,
  maxTokens: modelFields.maxTokens,
  baseUrl: modelFields.baseUrl,
  apiKeySecret: modelFields.apiKeySecret,
  responseSchema: modelFields.responseSchema,
  timeoutMs: modelFields.timeoutMs,
});
export type LlmConfig = z.infer<typeof configSchema>;

// The AI SDK costs a few hundred ms to load: only runs with an llm node pay for it.
const loadLlm = () => Promise.all([import("../llm/provider"), import("../llm/stream"), import("../llm/errors"), import("../llm/structured")]);

const known = (n: number | undefined) => (typeof n === "number" && Number.isFinite(n) ? n : null);

/** The output's `usage` (tokens, null when not reported) and `cost` (USD by the price table, null when unknown). */
export function usageAndCost(model: string, call: { responseModel: string | undefined; usage: { inputTokens?: number; outputTokens?: number; totalTokens?: number } }, ctx: ExecuteContext) {
  const usage = { inputTokens: known(call.usage.inputTokens), outputTokens: known(call.usage.outputTokens), totalTokens: known(call.usage.totalTokens) };
  if (usage.totalTokens === null && usage.inputTokens !== null && usage.outputTokens !== null) usage.totalTokens = usage.inputTokens + usage.outputTokens;
  const counted = usage.inputTokens !== null && usage.outputTokens !== null ? (usage as TokenUsage) : undefined;
  const cost = counted ? (costOf(model, counted, ctx.options.llmPrices) ?? (call.responseModel ? costOf(call.responseModel, counted, ctx.options.llmPrices) : null)) : null;
  return { usage, cost };
}

export const llmHandler = defineHandler<LlmConfig>({
  type: "llm",
  label: "LLM",
  keywords: ["ai", "gpt", "openai", "claude", "chat", "prompt", "summarize"],
  description: "Ask a language model (OpenAI, Anthropic, or any OpenAI-compatible server); streams its answer",
  category: "ai",
  configSchema,
  // A JSON Schema is a description of data, not text to fill in.
  rawFields: ["responseSchema"],
  handles: () => ["source"],
  async execute(config: LlmConfig, ctx: ExecuteContext) {
    const [{ createModel, resolveProvider }, { streamCompletion }, { toNodeError }, { assertUsableSchema, parseStructured }] = await loadLlm();
    const env = (ctx.scope.env ?? {}) as Readonly<Record<string, unknown>>;
    const provider = resolveProvider(config, env);
    if (config.responseSchema) assertUsableSchema(config.responseSchema);
    const fetch = createGuardedFetch({ allowPrivate: ctx.options.allowPrivateHttp });
    const model = createModel(provider, config.model, fetch);

    const timeoutMs = config.timeoutMs !== undefined ? parseDuration(config.timeoutMs)! : DEFAULT_LLM_TIMEOUT_MS;
    const limit = withTimeout(ctx.signal, timeoutMs, `${provider.label} call timed out after ${timeoutMs} ms`);
    let completion;
    try {
      completion = await streamCompletion({
        model,
        messages: config.messages,
        temperature: config.temperature,
        maxTokens: config.maxTokens,
        responseSchema: config.responseSchema,
        signal: limit.signal,
        onText: (text) => ctx.emitChunk(text),
      });
    } catch (error) {
      throw toNodeError(error, limit.signal, provider.label);
    } finally {
      limit.dispose();
    }

    const { usage, cost } = usageAndCost(config.model, completion, ctx);
    const output: Record<string, unknown> = { text: completion.text, model: completion.responseModel ?? config.model, usage, cost };
    if (config.responseSchema) output.object = parseStructured(completion.text, config.responseSchema);
    return { kind: "done", output };
  },
});
