/**
 * One stretch of a run's life, the same for every runtime (embedded, Trigger.dev, the command line):
 * numbers and publishes events the moment they happen, masks what leaves the engine, writes each
 * checkpoint (fenced by the caller's lease, retried with backoff), tells people about open
 * waitpoints, and finishes the run. Runtimes hand in only what differs: where events are published
 * (the live registry, run metadata, nowhere) and how the engine's attempts run.
 */
import { buildRunResult, type NodeKey, type Plan, type RunEvent, type RunHooks, type RunOutcome, type RunResult, type RunState } from "../engine";
import { createMasker } from "../engine/run/mask";
import type { DbOrTx } from "../db/types";
import { InjectedFault, withCheckpointFaults } from "./faults";
import { describeError } from "./log";
import type { WaitpointNotifier } from "./notifier";
import { createRunRecorder, type RunRecorder } from "./recorder";
import { seal, sealEntries, sealsState } from "./seal";
import { finishRun, LeaseLostError, RunNotFoundError, saveCheckpoint, type CheckpointInput, type Fence, type FinishRunInput } from "./store";
import { reportsModelUsage } from "../engine/llm/prices";

type Env = Readonly<Record<string, string>>;

/** A checkpoint could not be written after its retries: the run must end failed with this reason. */
export class CheckpointFailedError extends Error {
  override name = "CheckpointFailedError";
}

export interface RunPublisher {
  /** An event with its seq, when it happens (stored at the next checkpoint). */
  event?(event: { seq: number; type: string; payload: unknown }): void;
  /** Streamed text of a running node, masked. */
  chunk?(key: NodeKey, text: string): void;
  /** After each checkpoint is stored, with the events it stored. */
  checkpoint?(state: RunState, stored: readonly { seq: number; type: string; payload: unknown }[]): Promise<void> | void;
}

export interface RunSessionOptions {
  runId: string;
  plan: Plan;
  /** The seq the next event gets (see lib/runs/snapshot.ts nextSeq). */
  nextSeq: number;
  /** The workspace's secrets: masked in everything stored or shown. */
  env: Env;
  /** Where checkpoints go; null keeps them for `drain()` (the command line writes once at the end). */
  store: { db: DbOrTx; fence: Fence | null } | null;
  /**
   * With `store: null`: once what is kept passes `afterBytes`, the store `open()` gives (the run's row
   * made by then) takes it and every later checkpoint, so a big run's memory stays bounded.
   */
  spill?: { afterBytes: number; open(): Promise<DbOrTx> };
  publish?: RunPublisher;
  notify?: WaitpointNotifier;
  /** Called when a write finds the lease taken by another execution: abort everything in flight. */
  onLeaseLost?(): void;
  /** Retry delays of a failing checkpoint write (ms); default 100, 300, 900, 2,700. */
  retryDelaysMs?: readonly number[];
  /**
   * Apply the durability rule (spec copy, "Durability"): checkpoints of stretches of pure nodes stay
   * in memory until a node with effects, a pause, the end, 200 ms, 1,000 events or 1 MiB of them.
   * The embedded runtime and the command line set it; a Trigger.dev wave costs far more than its
   * write, so the coordinator writes each.
   */
  deferPure?: boolean;
}

/**
 * How long, how many events and how many bytes of them a checkpoint of pure nodes may wait in
 * memory (see `deferPure`). The bytes stay small: each waiting output is held three times (its
 * event, its node run, its journal entry) until written, and large writes leave garbage V8 collects
 * late (8 MiB: 436 MB peak for a 1,000-iteration loop of 100 KB outputs on PostgreSQL; 1 MiB: 217).
 */
export const DEFER_PURE = { maxMs: 200, maxEvents: 1000, maxBytes: 1024 * 1024 } as const;

const DEFAULT_RETRY_DELAYS = [100, 300, 900, 2700];

/**
 * Seqs an execution skips when it takes a run over after a crash: events the dead one published live
 * but never stored had seqs from the stored end on; a live reader that saw them resumes after them
 * (Last-Event-ID), so the new execution's events must come later, never reusing a seq.
 */
export const RECOVERY_SEQ_GAP = 1_000_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RunSession {
  readonly mask: <T>(value: T) => T;
  readonly recorder: RunRecorder;
  /** The last write found answers recorded while the run paused: apply them and go on. */
  answersPending = false;
  /** Top-level outputs seen in events (for a result built without the engine's outcome). */
  private readonly outputs: Record<string, unknown> = {};
  private latest: RunState | undefined;

  constructor(private readonly options: RunSessionOptions) {
    this.mask = createMasker(options.env);
    const store = options.store;
    this.recorder = createRunRecorder({
      nextSeq: options.nextSeq,
      mask: this.mask,
      onNumbered: (event) => {
        this.noteOutput(event.payload as RunEvent);
        options.publish?.event?.({ seq: event.seq, type: event.type, payload: event.payload });
      },
      write: store ? (checkpoint, state) => this.write(store.db, store.fence, checkpoint, state) : undefined,
      reportsUsage: (nodeId) => reportsModelUsage(options.plan.nodes.get(nodeId)?.type),
      // The end's checkpoint is written by finish(), with the end.
      holdEnd: store !== null,
      deferPure: options.deferPure ? { ...DEFER_PURE, isPure: (nodeId) => options.plan.nodes.get(nodeId)?.handler.pure === true } : undefined,
      spill: !store && options.spill ? { afterBytes: options.spill.afterBytes, write: async (checkpoint, state) => this.write(await options.spill!.open(), null, checkpoint, state) } : undefined,
    });
  }

  /** The hooks to hand the engine (events arrive masked by the engine; chunks are masked here). */
  get hooks(): RunHooks {
    const publish = this.options.publish;
    return {
      ...this.recorder.hooks,
      onChunk: (key, text) => publish?.chunk?.(key, this.mask(text)),
    };
  }

  /** Kept for one write at the end (`store: null`), but grown past `spill.afterBytes`: written as it goes since. */
  get spilled(): boolean {
    return !this.options.store && this.recorder.writing();
  }

  /** Whether the last stored state was running with waitpoints open (answers may arrive for it). */
  get waitsWhileRunning(): boolean {
    return this.latest?.status === "running" && Object.keys(this.latest.waitpoints).length > 0;
  }

  /** Everything not written yet as one checkpoint (the command line's single write), sealed like every checkpoint. */
  drain(): CheckpointInput | null {
    const checkpoint = this.recorder.drain();
    return checkpoint && this.sealed(checkpoint);
  }

  /** The checkpoint with its state or journal sealed when the run has secrets (./seal.ts). */
  private sealed(checkpoint: CheckpointInput): CheckpointInput {
    if (!sealsState(this.options.env)) return checkpoint;
    const runId = this.options.runId;
    return {
      ...checkpoint,
      ...(checkpoint.state !== undefined ? { state: seal(runId, checkpoint.state) } : {}),
      ...(checkpoint.journal !== undefined ? { journal: sealEntries(runId, checkpoint.journal) } : {}),
    };
  }

  /**
   * Ends the run in the store when the outcome is terminal (masked result, fenced): the checkpoint the
   * recorder held back (the run's last) and the end are one write. A pause was written by its checkpoint.
   */
  async finish(outcome: RunOutcome): Promise<RunResult> {
    const result = this.mask(outcome.result);
    const store = this.options.store;
    if (store && (result.status === "completed" || result.status === "failed" || result.status === "cancelled")) {
      const end: FinishRunInput = { status: result.status, outputs: result.outputs, error: result.error, result, finishedAt: result.finishedAt ?? new Date().toISOString(), durationMs: Math.round(result.durationMs) };
      const last = this.recorder.drain();
      if (last) await this.write(store.db, store.fence, last, outcome.state, end);
      else await finishRun(store.db, this.options.runId, end, store.fence);
    }
    return result;
  }

  /**
   * Ends the run failed when its progress can't be saved any more: the result is built from the last
   * state the engine reached, and the error names the reason (first line only: it may hold data).
   */
  async failUnsaved(reason: string): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    const error = { message: `the run's progress could not be saved: ${reason}`, nodeId: "" };
    const state = this.latest ? (JSON.parse(JSON.stringify(this.latest)) as RunState) : undefined;
    const result = state
      ? this.mask({ ...buildRunResult(this.options.plan, { ...state, status: "failed", error }, this.outputs, { now: Date.now() }), status: "failed" as const, error })
      : null;
    await finishRun(store.db, this.options.runId, { status: "failed", error, result, finishedAt: new Date().toISOString() }, store.fence);
  }

  private noteOutput(event: RunEvent): void {
    if ((event.type === "node.completed" || event.type === "node.failed") && event.key.path.length === 0 && "output" in event) this.outputs[event.key.nodeId] = event.output;
  }

  private async write(db: DbOrTx, fence: Fence | null, checkpoint: CheckpointInput, state: RunState, end?: FinishRunInput): Promise<void> {
    this.latest = state;
    const sealed = this.sealed(checkpoint);
    const written = await withCheckpointFaults(() => this.writeWithRetries(db, fence, sealed, end)).catch((error: unknown) => {
      if (error instanceof InjectedFault) throw new CheckpointFailedError(error.message);
      throw error;
    });
    if (written.answersPending) this.answersPending = true;
    await this.options.publish?.checkpoint?.(state, (checkpoint.events ?? []).map((e) => ({ seq: e.seq, type: e.type, payload: e.payload })));
    const open = Object.values(state.waitpoints);
    if (open.length === 0 || !this.options.notify) return;
    try {
      await this.options.notify(db, this.options.runId, open.map((wp) => ({ ...wp, details: this.mask(wp.details), config: undefined })));
    } catch (error) {
      // Links can be made later (the run page shows them); the run itself is safely stored.
      console.error(`[runs] run ${this.options.runId}: telling approvers failed: ${describeError(error)}`);
    }
  }

  private async writeWithRetries(db: DbOrTx, fence: Fence | null, checkpoint: CheckpointInput, end?: FinishRunInput) {
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await saveCheckpoint(db, this.options.runId, checkpoint, fence, end);
      } catch (error) {
        if (error instanceof LeaseLostError) {
          this.options.onLeaseLost?.();
          throw error;
        }
        if (error instanceof RunNotFoundError) throw error;
        const reason = describeError(error);
        if (attempt >= delays.length) throw new CheckpointFailedError(reason);
        console.error(`[runs] run ${this.options.runId}: checkpoint write failed (try ${attempt + 1}), retrying in ${delays[attempt]} ms: ${reason}`);
        await sleep(delays[attempt]);
      }
    }
  }
}
