/**
 * Body nodes (inside loops and parallels) run as many instances, several at once in a parallel.
 * Each instance is tracked by the engine's own instance key, so 3 running branches count 3, and
 * the node shows "running" until its last instance settles.
 */
import { instanceKey } from "@/lib/engine/state/keys";
import type { InstanceCounts, NodeKey, NodeView, NodeViewStatus } from "./run-view-types";

const SETTLED: ReadonlySet<NodeViewStatus> = new Set(["completed", "failed", "error-routed", "skipped", "cancelled"]);

export const emptyInstances = (): InstanceCounts => ({ completed: 0, failed: 0, running: 0, active: {} });

/** The counts after instance `key` moved to `to`. */
export function countInstance(counts: InstanceCounts | undefined, key: NodeKey, to: NodeViewStatus): InstanceCounts {
  const c = counts ?? emptyInstances();
  const id = instanceKey(key);
  const active = { ...c.active };
  let { completed, failed, last } = c;
  if (SETTLED.has(to)) {
    delete active[id];
    if (to === "completed") completed += 1;
    if (to === "failed" || to === "error-routed") failed += 1;
    last = to;
  } else active[id] = to;
  const running = Object.values(active).filter((s) => s === "running").length;
  return { completed, failed, running, active, ...(last ? { last } : {}) };
}

/** What a body node shows: running while any instance runs, then waiting, else how the last one ended. */
export function instancesStatus(c: InstanceCounts, fallback: NodeViewStatus): NodeViewStatus {
  const statuses = Object.values(c.active);
  if (statuses.includes("running")) return "running";
  if (statuses.includes("paused")) return "paused";
  if (statuses.length > 0) return statuses[0];
  return c.last ?? fallback;
}

/** The node after one of its instances (top level: the node itself) moved to `status`. */
export function withInstanceStatus(n: NodeView, key: NodeKey, status: NodeViewStatus, extra: Partial<NodeView> = {}): NodeView {
  if (key.path.length === 0) return { ...n, ...extra, status };
  const instances = countInstance(n.instances, key, status);
  return { ...n, ...extra, instances, status: instancesStatus(instances, status) };
}
