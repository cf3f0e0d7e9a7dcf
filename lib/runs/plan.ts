// Building a stored definition into a plan, and what a run shows of itself while it runs.
import { buildPlan, buildRunResult, type Plan, type Problem, type RunResult, type RunState } from "../engine";
import { coreHandlers, createRegistry } from "../engine/handlers";
import { createMasker } from "../engine/run/mask";
import type { NodeRun } from "../db/schema";

let registry: ReturnType<typeof createRegistry> | undefined;

export function planOf(definition: unknown): { ok: true; plan: Plan } | { ok: false; problems: Problem[] } {
  registry ??= createRegistry(coreHandlers);
  const built = buildPlan(definition, registry);
  return built.ok ? { ok: true, plan: built.plan } : { ok: false, problems: built.problems };
}

/** Top-level outputs stored in node_runs (what `recordedOutputs` of the engine wants). */
export function recordedOutputsOf(rows: NodeRun[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of rows) if (Array.isArray(row.path) && row.path.length === 0 && row.output !== null) out[row.nodeId] = row.output;
  return out;
}

/** The run result (spec section 6) of a run that has not finished, from its snapshot. */
export function resultFromSnapshot(plan: Plan, state: RunState, rows: NodeRun[]): RunResult {
  return buildRunResult(plan, state, recordedOutputsOf(rows), { now: Date.now() });
}

/** Masks the run's secret values in anything stored or shown (the engine masks events only). */
export function maskWith(env: Record<string, string>): <T>(value: T) => T {
  return createMasker(env);
}
