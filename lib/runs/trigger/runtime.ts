/**
 * The Runtime port on Trigger.dev: dispatched attempts queue up, and each `next()` runs the queue
 * as ONE executeNode.batchTriggerAndWait (a wave) and hands every result back at once. The
 * scheduler calls next() only after the previous one returned; a second concurrent call is a bug
 * and throws (the platform would refuse it with TASK_DID_CONCURRENT_WAIT).
 *
 * Retries stay in the engine: a child run returns a failed attempt as a result (never throws for a
 * handler error), so the engine's per-node retry settings, backoff, error ports and events work as
 * on the embedded runtime. A child run that itself fails (crash, out of memory, cancelled) comes
 * back as a retryable INTERNAL error: the node's retry settings decide.
 */
import { createHash } from "node:crypto";
import type { NodeTask, NodeTaskResult, Runtime } from "../../engine";
import { ConcurrentWaitError, type ChildRunResult, type NodeBatchItem, type TriggerPlatform } from "./platform";

/** Trigger.dev takes at most 1,000 items per batchTriggerAndWait. */
export const MAX_BATCH_ITEMS = 1000;

export interface TriggerRuntimeOptions {
  platform: TriggerPlatform;
  /** The run's owner, whose secrets a child run reads for {{env.*}}. */
  ownerId: string | null;
  /** Told before each wave is sent (progress metadata). */
  onWave?(wave: { index: number; size: number }): void;
}

export interface TriggerRuntime extends Runtime {
  /** Waves sent so far. */
  waves(): number;
}

/**
 * The attempt as it crosses to the child: secrets never travel in a payload (Trigger.dev stores
 * and shows payloads), so `scope.env` is dropped and the child reads the owner's secrets itself.
 */
export function toBatchItem(task: NodeTask, ownerId: string | null): NodeBatchItem {
  const { env, ...scope } = task.scope;
  const hasSecrets = typeof env === "object" && env !== null && Object.keys(env).length > 0;
  const key = JSON.stringify([task.runId, task.key.nodeId, task.key.path, task.attempt]);
  return {
    // Only a run with secrets makes the child read them.
    payload: { task: { ...task, scope }, ownerId: hasSecrets ? ownerId : null },
    idempotencyKey: createHash("sha256").update(key).digest("hex"),
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String((error as { message: unknown }).message);
  return String(error);
}

export function toTaskResult(task: NodeTask, result: ChildRunResult | undefined): NodeTaskResult {
  if (!result) return { key: task.key, kind: "error", error: { message: "the platform returned no result for this node's run", code: "INTERNAL" }, retryable: true };
  if (!result.ok) {
    return { key: task.key, kind: "error", error: { message: `the node's task run ${result.id} failed: ${describe(result.error)}`, code: "INTERNAL" }, retryable: true };
  }
  // The child computes the result for exactly this attempt; the key is the one we sent.
  return { ...result.output, key: task.key };
}

export function createTriggerRuntime({ platform, ownerId, onWave }: TriggerRuntimeOptions): TriggerRuntime {
  const queue: NodeTask[] = [];
  let waiting: NodeTask[] = [];
  let busy = false;
  let waves = 0;
  let aborted = false;
  let wakeAbort: (() => void) | undefined;

  return {
    dispatch(tasks) {
      queue.push(...tasks);
    },
    async next() {
      if (busy) throw new ConcurrentWaitError("Runtime.next()", `wave ${waves}`);
      if (aborted || queue.length === 0) return [];
      busy = true;
      waiting = queue.splice(0, MAX_BATCH_ITEMS);
      try {
        waves++;
        onWave?.({ index: waves, size: waiting.length });
        const sent = waiting;
        const abortedMeanwhile = new Promise<null>((resolve) => (wakeAbort = () => resolve(null)));
        const results = await Promise.race([platform.batchExecuteNodes(sent.map((task) => toBatchItem(task, ownerId))), abortedMeanwhile]);
        // Cancelled: the platform cancels the child runs with their parent; nothing comes back.
        if (results === null) return [];
        return sent.map((task, i) => toTaskResult(task, results[i]));
      } finally {
        waiting = [];
        busy = false;
        wakeAbort = undefined;
      }
    },
    inFlight: () => (aborted ? 0 : queue.length + waiting.length),
    abort() {
      aborted = true;
      wakeAbort?.();
    },
    waves: () => waves,
  };
}
