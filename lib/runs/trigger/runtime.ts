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
import type { SecretSeal } from "./sealed";

/** Trigger.dev takes at most 1,000 items per batchTriggerAndWait. */
export const MAX_BATCH_ITEMS = 1000;

export interface TriggerRuntimeOptions {
  platform: TriggerPlatform;
  /** Seals the run's secrets out of payloads and back into results (./sealed.ts); none when absent. */
  seal?: SecretSeal;
  /**
   * Large data by reference (./blobs.ts): `outgoing` may store a sealed attempt's scope and send a
   * reference, `incoming` reads a result's output reference back (before it is unsealed).
   */
  transfer?: { outgoing(task: NodeTask): Promise<NodeTask>; incoming(result: NodeTaskResult): Promise<NodeTaskResult> };
  /** Told before each wave is sent (progress metadata). */
  onWave?(wave: { index: number; size: number }): void;
}

export interface TriggerRuntime extends Runtime {
  /** Waves sent so far. */
  waves(): number;
}

const noSeal: SecretSeal = { seal: (v) => v, unseal: (v) => v };

/**
 * The attempt as it crosses to the child: no secret travels in a payload (Trigger.dev stores and
 * shows payloads). `scope.env` is dropped and every secret value left in the resolved config or the
 * scope (upstream outputs echoing one) is sealed into a reference; the child reads the run's
 * secrets from the app's database and unseals them.
 */
export function toBatchItem(task: NodeTask, seal: SecretSeal = noSeal): NodeBatchItem {
  const { env: _env, ...scope } = task.scope;
  void _env;
  // A node sent back by its waitpoint's answer (an agent going on) runs again in the same attempt:
  // the answered waitpoint, one per continuation and the same after a crash, tells them apart.
  const key = JSON.stringify([task.runId, task.key.nodeId, task.key.path, task.attempt, ...(task.resumedFrom ? [task.resumedFrom] : [])]);
  return {
    payload: seal.seal({ task: { ...task, scope } }),
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

export function createTriggerRuntime({ platform, seal = noSeal, transfer, onWave }: TriggerRuntimeOptions): TriggerRuntime {
  const outgoing = async (task: NodeTask): Promise<NodeBatchItem> => {
    const item = toBatchItem(task, seal);
    return transfer ? { ...item, payload: { task: await transfer.outgoing(item.payload.task) } } : item;
  };
  const incoming = async (task: NodeTask, result: ChildRunResult | undefined): Promise<NodeTaskResult> => {
    const mapped = toTaskResult(task, result);
    return seal.unseal(transfer ? await transfer.incoming(mapped) : mapped);
  };
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
        const items = await Promise.all(sent.map(outgoing));
        const results = await Promise.race([platform.batchExecuteNodes(items), abortedMeanwhile]);
        // Cancelled: the platform cancels the child runs with their parent; nothing comes back.
        if (results === null) return [];
        // Child results come back sealed, large outputs by reference (the platform stores them): the engine gets the real values.
        return Promise.all(sent.map((task, i) => incoming(task, results[i])));
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
