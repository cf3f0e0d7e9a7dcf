/**
 * The runtime port: the scheduler hands ready node attempts to a Runtime and
 * takes finished ones back. The embedded runtime starts each attempt at once;
 * a Trigger.dev runtime can queue them and run one `batchTriggerAndWait` per
 * wave in `next()` (the scheduler never waits on two things at once).
 */
import type { NodeErrorInfo } from "../errors";
import type { PauseRequest } from "../handlers/types";
import type { RunEvent } from "../state/events";
import type { CheckpointJournal } from "../run/journal";
import type { NodeKey, RunState } from "../state/types";
import type { RecordedAnswer } from "../run/answer";

/** One attempt of one node instance, all JSON (can cross a process boundary). */
export interface NodeTask {
  runId: string;
  key: NodeKey;
  nodeId: string;
  type: string;
  name?: string;
  /** 1-based; a re-dispatch after a crash keeps the number (see `instance` and `attemptStartedAt`). */
  attempt: number;
  /** The instance as text (state/keys.ts instanceLabel: `loop1[2]/fetch`): with runId and attempt, a stable idempotency key. */
  instance: string;
  /** When this attempt first started (ms since epoch), kept across a crash re-dispatch. */
  attemptStartedAt: number;
  /** The resolved, validated config (deferred fields as written). */
  config: unknown;
  /** The node's template scope (inputs, var, env, run, loop, parallel, outputs it reads). */
  scope: Record<string, unknown>;
  triggerPayload: unknown;
  timeoutMs?: number;
  /** Wait this long before starting (retry backoff). */
  delayMs: number;
  /** The instance's carry (a resumed agent's conversation): `ctx.resumed`, a copy (the handler may change it). */
  resumed?: Record<string, unknown>;
  /** The waitpoint whose answer gave `resumed`: with runId, key and attempt, it names this execution. */
  resumedFrom?: string;
}

export type NodeTaskResult =
  | { key: NodeKey; kind: "done"; output: unknown; handle?: string; variables?: Record<string, unknown> }
  | { key: NodeKey; kind: "pause"; pause: PauseRequest; config: unknown }
  | { key: NodeKey; kind: "error"; error: NodeErrorInfo; retryable: boolean };

export interface Runtime {
  /** Hands over attempts to run. */
  dispatch(tasks: NodeTask[]): void;
  /** Resolves with one or more finished attempts; `[]` when nothing is in flight or after `abort()`. */
  next(): Promise<NodeTaskResult[]>;
  /** Attempts dispatched and not yet returned by `next()`. */
  inFlight(): number;
  /** Aborts every attempt in flight (cancellation). */
  abort(): void;
  /** Makes a pending `next()` resolve now (with whatever finished, maybe nothing), so the driver can take answers. */
  interrupt?(): void;
}

/** Answers recorded while the run is running (another of its waitpoints was answered). */
export interface AnswerSource {
  /** The answers that arrived since the last call (the driver applies them in order). */
  take(): RecordedAnswer[];
  /** Calls `wake` when answers arrive; returns the unsubscribe. */
  subscribe?(wake: () => void): () => void;
}

/** What the app and the CLI plug in for persistence and live views. */
export interface RunHooks {
  /** Every event, in order (secrets masked). Keep it quick: it is not awaited. */
  onEvent?(event: RunEvent): void;
  /**
   * Awaited after every batch of node completions, on pause and at the end: persist `state` (the
   * snapshot), or only `journal` when it is exact and the run is still running (see run/journal.ts).
   */
  onCheckpoint?(state: RunState, events: RunEvent[], journal: CheckpointJournal): Promise<void> | void;
  /** Streamed text of a running node (LLM tokens). */
  onChunk?(key: NodeKey, chunk: string): void;
  /** An attempt handed to the runtime, with its resolved config (the store keeps it as the node's input). */
  onDispatch?(task: NodeTask): void;
}
