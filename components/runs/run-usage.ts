/**
 * A run's LLM usage: tokens and cost summed over the llm handler's outputs
 * (`usage: { inputTokens, outputTokens, totalTokens }`, `cost: { usd } | null`), each call once:
 * instances seen in node.completed events (any depth: loop and parallel bodies too) and the
 * top-level outputs a run result carries. Pure: unit-tested in test/canvas/run-usage.test.ts.
 */
import { instanceKey } from "@/lib/engine/state/keys";
import type { NodeKey, RunView } from "./run-view-types";

/** One call's usage as read from its output. */
export type CallUsage = { nodeId: string; inputTokens: number; outputTokens: number; totalTokens: number; usd?: number };
export type RunUsage = { calls: number; inputTokens: number; outputTokens: number; totalTokens: number; usd: number | null };

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** An output's usage, when it has the llm handler's shape; undefined otherwise. */
export function usageOfOutput(nodeId: string, output: unknown): CallUsage | undefined {
  if (!output || typeof output !== "object") return undefined;
  const { usage, cost } = output as { usage?: unknown; cost?: unknown };
  if (!usage || typeof usage !== "object") return undefined;
  const u = usage as Record<string, unknown>;
  const input = num(u.inputTokens);
  const out = num(u.outputTokens);
  const total = num(u.totalTokens) ?? (input !== undefined && out !== undefined ? input + out : undefined);
  if (input === undefined && out === undefined && total === undefined) return undefined;
  const usd = cost && typeof cost === "object" ? num((cost as { usd?: unknown }).usd) : undefined;
  return { nodeId, inputTokens: input ?? 0, outputTokens: out ?? 0, totalTokens: total ?? 0, ...(usd !== undefined ? { usd } : {}) };
}

/** One instance's key (the engine's encoding): a retry or a replayed event replaces, never adds. */
export { instanceKey };

/** The view with this instance's usage recorded (unchanged when the output has none). */
export function recordUsage(view: RunView, key: NodeKey, output: unknown): RunView {
  const usage = usageOfOutput(key.nodeId, output);
  return usage ? { ...view, usage: { ...view.usage, [instanceKey(key)]: usage } } : view;
}

/**
 * The run's total, or null when no node reported usage. `counts` picks the nodes whose outputs
 * are LLM calls (by type), so a node that merely copies an llm output is not counted twice.
 * The cost is the sum of the known costs (null when none is known).
 */
export function runUsageOf(view: RunView, counts: (nodeId: string) => boolean = () => true): RunUsage | null {
  const calls = new Map<string, CallUsage>(Object.entries(view.usage ?? {}));
  for (const [nodeId, node] of Object.entries(view.nodes)) {
    const usage = node.hasOutput ? usageOfOutput(nodeId, node.output) : undefined;
    if (usage) calls.set(instanceKey({ nodeId, path: [] }), usage);
  }
  const total: RunUsage = { calls: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, usd: null };
  for (const call of calls.values()) {
    if (!counts(call.nodeId)) continue;
    total.calls += 1;
    total.inputTokens += call.inputTokens;
    total.outputTokens += call.outputTokens;
    total.totalTokens += call.totalTokens;
    if (call.usd !== undefined) total.usd = (total.usd ?? 0) + call.usd;
  }
  return total.calls > 0 ? total : null;
}

/** "1,234 tokens · $0.0123" (cost with four decimals below a cent, two above). */
export function formatUsage(usage: RunUsage): string {
  const tokens = `${usage.totalTokens.toLocaleString("en-US")} tokens`;
  if (usage.usd === null) return tokens;
  return `${tokens} · $${usage.usd.toFixed(usage.usd < 0.01 ? 4 : 2)}`;
}
