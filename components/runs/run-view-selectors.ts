/** What the canvas and the panel read off a run view: progress counts and edge states. Pure. */
import { isTerminal } from "./run-status-sets";
import type { NodeViewStatus, RunView } from "./run-view-types";

/** Counts per status, for the progress bar. */
export function progressOf(view: RunView): { total: number; done: number; counts: Record<NodeViewStatus, number> } {
  const counts: Record<NodeViewStatus, number> = { queued: 0, running: 0, completed: 0, failed: 0, "error-routed": 0, skipped: 0, paused: 0, cancelled: 0 };
  const all = Object.values(view.nodes);
  for (const n of all) counts[n.status] += 1;
  const done = counts.completed + counts.failed + counts["error-routed"] + counts.skipped + counts.cancelled;
  return { total: all.length, done, counts };
}

/**
 * Steps running right now over the whole run: each running body instance once (3 parallel
 * branches are 3), each other running node once; a container that has started iterating is
 * counted through its body, not again itself.
 */
export function runningCount(view: RunView): number {
  let running = 0;
  for (const n of Object.values(view.nodes)) {
    if (n.instances) running += n.instances.running;
    else if (n.status === "running" && !n.iterations) running += 1;
  }
  return running;
}

export type EdgeRunState = "idle" | "active" | "taken" | "dead";

/**
 * An edge during a run: `active` (its source chose it and its target is running or about to:
 * drawn animated), `taken` (chosen, target done), `dead` (source skipped or chose another handle).
 */
export function edgeRunState(view: RunView, edge: { source: string; target: string; sourceHandle?: string | null }): EdgeRunState {
  const source = view.nodes[edge.source];
  if (!source) return "idle";
  const handle = edge.sourceHandle ?? "source";
  if (source.status === "skipped" || source.status === "cancelled" || source.status === "failed") return "dead";
  if (source.status !== "completed" && source.status !== "error-routed") return "idle";
  if ((source.handle ?? "source") !== handle) return "dead";
  const target = view.nodes[edge.target];
  if (!target || target.status === "queued" || target.status === "running" || target.status === "paused")
    return isTerminal(view.status) ? "taken" : "active";
  return "taken";
}
