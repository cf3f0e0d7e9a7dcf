// Runs executing in this process: their abort controllers (cancel) and completion promises.
// Kept on globalThis so every bundle Next builds (routes, actions, instrumentation) sees one map.
export type AbortReason = "cancel" | "timeout" | "lease-lost" | "shutdown";

export interface ActiveRun {
  runId: string;
  controller: AbortController;
  reason?: AbortReason;
  done: Promise<void>;
}

const KEY = Symbol.for("flowmaestro.runs.active");
const g = globalThis as Record<symbol, Map<string, ActiveRun> | undefined>;
export const activeRuns: Map<string, ActiveRun> = (g[KEY] ??= new Map());

export function abortActive(runId: string, reason: AbortReason): boolean {
  const active = activeRuns.get(runId);
  if (!active) return false;
  active.reason ??= reason;
  active.controller.abort();
  return true;
}

/** Resolves when every run executing here has stopped (tests, shutdown). */
export async function settleActive(): Promise<void> {
  while (activeRuns.size > 0) await Promise.allSettled([...activeRuns.values()].map((a) => a.done));
}
