/**
 * A runtime that reuses recorded results: re-running a failed run from its failed node. Top-level
 * node instances found in `recorded` complete at once with their recorded output (their handler
 * is not called); everything else goes to the inner runtime. Pass it as `options.runtime`.
 */
import type { NodeTask, NodeTaskResult, Runtime } from "../runtime/port";

export interface RecordedResult {
  output: unknown;
  /** The handle the node took (condition/router branches); `source` when absent. */
  handle?: string;
  variables?: Record<string, unknown>;
}

export function createReplayRuntime(inner: Runtime, recorded: ReadonlyMap<string, RecordedResult>): Runtime {
  const replayed: NodeTaskResult[] = [];
  const reuse = (task: NodeTask) => (task.key.path.length === 0 ? recorded.get(task.nodeId) : undefined);
  return {
    dispatch(tasks) {
      const fresh: NodeTask[] = [];
      for (const task of tasks) {
        const hit = reuse(task);
        if (hit) replayed.push({ key: task.key, kind: "done", output: hit.output, handle: hit.handle, variables: hit.variables });
        else fresh.push(task);
      }
      if (fresh.length > 0) inner.dispatch(fresh);
    },
    async next() {
      if (replayed.length > 0) return replayed.splice(0);
      return inner.next();
    },
    inFlight: () => replayed.length + inner.inFlight(),
    abort: () => inner.abort(),
  };
}
