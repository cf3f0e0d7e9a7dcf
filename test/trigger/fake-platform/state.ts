/**
 * The fake Trigger.dev's state: runs, batches, wait tokens and stored packets, with the platform's
 * documented limits (1,000 items per batch, 3 MB per item payload, 10 MB per output, idempotency
 * keys, a past token timeout meaning none, one wait at a time per run). The HTTP side
 * (./server.ts) and the worker pool (./pool.ts) drive it; tests read it directly.
 */
import { randomBytes } from "node:crypto";
import { MAX_TIMER_MS } from "../../../lib/engine/timers";

export const LIMITS = { batchItems: 1000, itemBytes: 3 * 1024 * 1024, outputBytes: 10 * 1024 * 1024, metadataBytes: 256 * 1024 };

export type RunStatus = "QUEUED" | "EXECUTING" | "WAITING" | "COMPLETED" | "FAILED" | "CANCELED" | "CRASHED" | "SYSTEM_FAILURE";
export const FINAL: ReadonlySet<RunStatus> = new Set(["COMPLETED", "FAILED", "CANCELED", "CRASHED", "SYSTEM_FAILURE"]);

export type RunError = { type: "BUILT_IN_ERROR"; name: string; message: string; stackTrace: string } | { type: "INTERNAL_ERROR"; code: string; message?: string } | { type: "STRING_ERROR"; raw: string } | { type: "CUSTOM_ERROR"; raw: string };
export type ExecutionResult = { ok: true; id: string; output?: string; outputType: string } | { ok: false; id: string; error: RunError; retry?: { timestamp: number; delay: number } };

export interface FakeRun {
  id: string;
  taskId: string;
  payload: string;
  payloadType: string;
  status: RunStatus;
  attempt: number;
  tags: string[];
  idempotencyKey?: string;
  parentId?: string;
  rootId?: string;
  batchId?: string;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  /** Not dequeued before this time (a retry's delay). */
  notBefore: number;
  result?: ExecutionResult;
  /** Which worker holds the run while it executes or waits (a waiting run keeps its worker: no checkpoints here). */
  workerId?: string;
  /** What the run waits on now ("batch:<id>" / "token:<id>"); a second wait while set is refused. */
  waitingOn?: string;
}

export interface FakeBatch {
  id: string;
  runCount: number;
  parentRunId?: string;
  idempotencyKey?: string;
  runIds: string[];
  sealed: boolean;
}

export interface FakeToken {
  id: string;
  idempotencyKey?: string;
  /** Epoch ms; undefined = no timeout (also when the requested timeout was already past). */
  timeoutAt?: number;
  status: "WAITING" | "COMPLETED" | "TIMED_OUT";
  output?: string;
  timer?: NodeJS.Timeout;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(10).toString("hex")}`;

/** "1h", "30s", "2d"… or an ISO date, as wait.createToken sends its timeout. */
export function parseTimeout(timeout: unknown, now = Date.now()): number | undefined {
  if (typeof timeout !== "string" || !timeout) return undefined;
  const duration = /^(\d+)(ms|s|m|h|d|w)$/.exec(timeout);
  if (duration) return now + Number(duration[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[duration[2] as "s"];
  const at = Date.parse(timeout);
  return Number.isNaN(at) ? undefined : at;
}

export class FakeState {
  readonly runs = new Map<string, FakeRun>();
  readonly batches = new Map<string, FakeBatch>();
  readonly tokens = new Map<string, FakeToken>();
  /** Object storage (offloaded payloads and outputs): the bytes and the Content-Type they were put with. */
  readonly packets = new Map<string, { data: Buffer; contentType: string }>();
  /** Realtime streams (v1): the chunks written to each `<runId>/<streamKey>`, in order. */
  readonly streams = new Map<string, unknown[]>();
  /** Every refused parallel wait (tests assert there are none). */
  readonly violations: string[] = [];
  private listeners = new Set<() => void>();

  /** Wakes every long poll to re-check its condition. */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with `check()`'s value once it is defined (re-checked after every change), or undefined when `signal` aborts. */
  until<T>(check: () => T | undefined, signal?: AbortSignal): Promise<T | undefined> {
    return new Promise((resolve) => {
      const listener = () => {
        if (signal?.aborted) return done(undefined);
        const value = check();
        if (value !== undefined) done(value);
      };
      const done = (value: T | undefined) => {
        this.listeners.delete(listener);
        signal?.removeEventListener("abort", listener);
        resolve(value);
      };
      this.listeners.add(listener);
      signal?.addEventListener("abort", listener);
      listener();
    });
  }

  run(id: string): FakeRun | undefined {
    return this.runs.get(id);
  }

  /** A run of `taskId`, or the run an earlier trigger with the same idempotency key made. */
  trigger(taskId: string, input: { payload: string; payloadType: string; idempotencyKey?: string; tags?: string[]; parentId?: string; batchId?: string }): { run: FakeRun; cached: boolean } {
    if (input.idempotencyKey) {
      const existing = [...this.runs.values()].find((r) => r.taskId === taskId && r.idempotencyKey === input.idempotencyKey);
      if (existing) return { run: existing, cached: true };
    }
    const parent = input.parentId ? this.runs.get(input.parentId) : undefined;
    const now = new Date();
    const run: FakeRun = {
      id: newId("run"),
      taskId,
      payload: input.payload,
      payloadType: input.payloadType,
      status: "QUEUED",
      attempt: 1,
      tags: input.tags ?? [],
      idempotencyKey: input.idempotencyKey,
      parentId: parent?.id,
      rootId: parent ? (parent.rootId ?? parent.id) : undefined,
      batchId: input.batchId,
      metadata: {},
      createdAt: now,
      updatedAt: now,
      notBefore: 0,
    };
    this.runs.set(run.id, run);
    this.changed();
    return { run, cached: false };
  }

  /** A run that could not start (e.g. its payload is over the limit): failed at once. */
  failAtOnce(run: FakeRun, code: string, message: string): void {
    this.finish(run, { ok: false, id: run.id, error: { type: "INTERNAL_ERROR", code, message } });
  }

  finish(run: FakeRun, result: ExecutionResult, status: RunStatus = result.ok ? "COMPLETED" : "FAILED"): void {
    run.result = result;
    run.status = status;
    run.finishedAt = run.updatedAt = new Date();
    run.workerId = undefined;
    run.waitingOn = undefined;
    this.changed();
  }

  createBatch(input: { runCount: number; parentRunId?: string; idempotencyKey?: string }): { batch: FakeBatch; cached: boolean } {
    if (input.idempotencyKey) {
      const existing = [...this.batches.values()].find((b) => b.idempotencyKey === input.idempotencyKey);
      if (existing) return { batch: existing, cached: true };
    }
    const batch: FakeBatch = { id: newId("batch"), runCount: input.runCount, parentRunId: input.parentRunId, idempotencyKey: input.idempotencyKey, runIds: [], sealed: false };
    this.batches.set(batch.id, batch);
    return { batch, cached: false };
  }

  createToken(input: { idempotencyKey?: string; timeout?: unknown }): { token: FakeToken; cached: boolean } {
    if (input.idempotencyKey) {
      const existing = [...this.tokens.values()].find((t) => t.idempotencyKey === input.idempotencyKey);
      if (existing) return { token: existing, cached: true };
    }
    const at = parseTimeout(input.timeout);
    // The platform's rule: a timeout at or before now means the token has no timeout.
    const timeoutAt = at !== undefined && at > Date.now() ? at : undefined;
    const token: FakeToken = { id: newId("waitpoint"), idempotencyKey: input.idempotencyKey, timeoutAt, status: "WAITING" };
    if (timeoutAt !== undefined) {
      // Node's timers hold at most 2^31-1 ms (~24.8 days; a longer one fires at once): re-armed in steps.
      const arm = () => {
        token.timer = setTimeout(() => {
          if (token.status !== "WAITING") return;
          if (timeoutAt > Date.now()) return arm();
          token.status = "TIMED_OUT";
          token.output = JSON.stringify({ message: `Waitpoint timed out at ${new Date(timeoutAt).toISOString()}` });
          this.changed();
        }, Math.min(timeoutAt - Date.now(), MAX_TIMER_MS));
        token.timer.unref();
      };
      arm();
    }
    this.tokens.set(token.id, token);
    return { token, cached: false };
  }

  completeToken(id: string, data: unknown): boolean {
    const token = this.tokens.get(id);
    if (!token) return false;
    if (token.status === "WAITING") {
      token.status = "COMPLETED";
      token.output = JSON.stringify(data ?? null);
      clearTimeout(token.timer);
      this.changed();
    }
    return true;
  }

  /** One wait at a time: a run that already waits gets TASK_DID_CONCURRENT_WAIT. */
  beginWait(run: FakeRun, what: string): string | null {
    if (run.waitingOn && run.waitingOn !== what) {
      const problem = `${run.id}: ${what} while ${run.waitingOn}`;
      this.violations.push(problem);
      return problem;
    }
    run.waitingOn = what;
    run.status = "WAITING";
    run.updatedAt = new Date();
    this.changed();
    return null;
  }

  endWait(run: FakeRun): void {
    run.waitingOn = undefined;
    if (run.status === "WAITING") run.status = "EXECUTING";
    run.updatedAt = new Date();
    this.changed();
  }
}
