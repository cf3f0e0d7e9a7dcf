/**
 * What LLM calls cost: a per-model table in USD per million tokens, which
 * users extend or correct through `HandlerOptions.llmPrices` (the CLI and the
 * app read it from FLOWMAESTRO_LLM_PRICES). Prices are a server setting, not
 * workflow data: a workflow can't make its own runs look cheaper.
 */
import { z } from "zod";

export interface ModelPrice {
  /** USD per million input (prompt) tokens. */
  input: number;
  /** USD per million output (completion) tokens. */
  output: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * List prices of common models (standard tier, no caching or batch discounts).
 * Providers change them; override through FLOWMAESTRO_LLM_PRICES rather than
 * trusting this table for billing.
 */
export const defaultPrices: PriceTable = {
  "gpt-5": { input: 1.25, output: 10 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5-nano": { input: 0.05, output: 0.4 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4-turbo": { input: 10, output: 30 },
  "gpt-4": { input: 30, output: 60 },
  "gpt-3.5-turbo": { input: 0.5, output: 1.5 },
  o1: { input: 15, output: 60 },
  "o1-mini": { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
  "o3-mini": { input: 1.1, output: 4.4 },
  "o4-mini": { input: 1.1, output: 4.4 },
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-opus-4-1": { input: 15, output: 75 },
  "claude-opus-4": { input: 15, output: 75 },
  "claude-sonnet-4-5": { input: 3, output: 15 },
  "claude-sonnet-4": { input: 3, output: 15 },
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-3-7-sonnet": { input: 3, output: 15 },
  "claude-3-5-sonnet": { input: 3, output: 15 },
  "claude-3-5-haiku": { input: 0.8, output: 4 },
  "claude-3-opus": { input: 15, output: 75 },
  "claude-3-haiku": { input: 0.25, output: 1.25 },
};

export const modelPriceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
});
export const priceOverridesSchema = z.record(z.string().min(1), modelPriceSchema);

/**
 * Parses FLOWMAESTRO_LLM_PRICES (`{"my-model": {"input": 0.5, "output": 1.5}}`);
 * undefined when unset. Throws an Error naming the variable and the bad path.
 */
export function parsePriceOverrides(text: string | undefined, variable = "FLOWMAESTRO_LLM_PRICES"): Record<string, ModelPrice> | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${variable} is not valid JSON: expected {"model": {"input": <USD per 1M tokens>, "output": <USD per 1M tokens>}}`);
  }
  const parsed = priceOverridesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map(String).join(".");
    throw new Error(`${variable}${path ? `.${path}` : ""}: ${issue.message} (expected {"model": {"input": number, "output": number}} in USD per 1M tokens)`);
  }
  return parsed.data;
}

/**
 * The price of `model`: an exact entry, else the longest entry the model name
 * starts with followed by `-` (dated snapshots such as `gpt-4o-2024-08-06`).
 * Overrides win over the table at the same match length.
 */
export function priceFor(model: string, overrides?: PriceTable): ModelPrice | undefined {
  const name = model.trim().toLowerCase();
  const tables = overrides ? [overrides, defaultPrices] : [defaultPrices];
  let best: { length: number; price: ModelPrice } | undefined;
  for (const table of tables) {
    for (const [key, price] of Object.entries(table)) {
      const k = key.toLowerCase();
      if (name !== k && !name.startsWith(`${k}-`)) continue;
      if (!best || k.length > best.length) best = { length: k.length, price };
    }
  }
  return best?.price;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/** `{ usd }` (float noise rounded off at 1e-10 USD), or null when the model has no known price. */
export function costOf(model: string, usage: TokenUsage, overrides?: PriceTable): { usd: number } | null {
  const price = priceFor(model, overrides);
  if (!price) return null;
  const usd = (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
  return { usd: Math.round(usd * 1e10) / 1e10 };
}

/** Node types whose output carries a model's `usage` and `cost` (the run's totals count them). */
const MODEL_NODE_TYPES: ReadonlySet<string> = new Set(["llm", "agent"]);
export const reportsModelUsage = (type: string | undefined): boolean => type !== undefined && MODEL_NODE_TYPES.has(type);
