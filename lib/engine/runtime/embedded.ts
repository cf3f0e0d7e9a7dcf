/** The embedded runtime: in-process, each attempt starts the moment it is dispatched. */
import { setMaxListeners } from "node:events";
import type { HandlerOptions } from "../handlers/types";
import type { Plan } from "../plan/types";
import type { NodeKey } from "../state/types";
import { executeTask } from "./execute";
import type { NodeTask, NodeTaskResult, Runtime } from "./port";

export interface EmbeddedRuntimeOptions {
  plan: Plan;
  options: HandlerOptions;
  onChunk?(key: NodeKey, chunk: string): void;
}

export function createEmbeddedRuntime({ plan, options, onChunk }: EmbeddedRuntimeOptions): Runtime {
  const controller = new AbortController();
  // Every attempt in flight listens to the run's signal: more than the default 10 is normal.
  setMaxListeners(0, controller.signal);
  const finished: NodeTaskResult[] = [];
  let inFlight = 0;
  let wake: (() => void) | undefined;

  const settle = (result: NodeTaskResult) => {
    finished.push(result);
    wake?.();
  };

  return {
    dispatch(tasks: NodeTask[]) {
      for (const task of tasks) {
        inFlight++;
        const handler = plan.nodes.get(task.nodeId)!.handler;
        executeTask(task, { handler, options, signal: controller.signal, emitChunk: (chunk) => onChunk?.(task.key, chunk) }).then(settle, (error: unknown) =>
          settle({ key: task.key, kind: "error", error: { message: String(error), code: "INTERNAL" }, retryable: false }),
        );
      }
    },
    async next() {
      if (finished.length === 0 && inFlight > 0 && !controller.signal.aborted) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      const batch = finished.splice(0);
      inFlight -= batch.length;
      return batch;
    },
    inFlight: () => inFlight,
    interrupt() {
      wake?.();
    },
    abort() {
      controller.abort();
      wake?.();
    },
  };
}
