/**
 * The pool of sandbox processes that evaluate user code (javascript, jsonata) off the server's
 * thread and out of its process (docs/decisions.md, "The sandbox pool"): one job per process,
 * as many processes as cores, started on demand and replaced after any kill or crash. Jobs queue
 * while every process is busy.
 *
 * Limits: the job's own time limit counts from when it starts in a process (queue time doesn't
 * count), enforced inside (QuickJS's interrupt, jsonata's timeout) and by cancelling the job
 * `graceMs` later; `signal` (the node's timeoutMs, the run's cancellation) counts from the call,
 * queue included, and cancels at once. A cancelled job's process replaces its evaluation thread
 * (worker.ts); a crashed process is replaced by a new one.
 */
import { availableParallelism } from "node:os";
import { abortError } from "../handlers/abort";
import { sandboxEntry } from "./locate";
import type { SandboxJob } from "./protocol";
import { SandboxWorker } from "./worker";

export interface SandboxPoolOptions {
  /** Processes at most; default: the cores (os.availableParallelism()). */
  size?: number;
  /** V8 heap cap per process, MB (default 256). */
  heapMb?: number;
  /** The entry file (default: found by sandboxEntry()). */
  entry?: string;
  /** How long past its own limit a job may run before its process is killed (default 250 ms). */
  graceMs?: number;
  /** The QuickJS memory limit a fresh process prepares for (default 64 MiB, HandlerOptions' default). */
  warmMemoryBytes?: number;
}

export interface SandboxEvent {
  type: "start" | "end";
  workerId: number;
  pid: number | undefined;
}

interface Pending {
  job: SandboxJob;
  signal: AbortSignal;
  resolve(json: string): void;
  reject(error: unknown): void;
  worker?: SandboxWorker;
  onAbort(): void;
}

export class SandboxPool {
  readonly size: number;
  private readonly heapMb: number;
  private readonly graceMs: number;
  private readonly warmMemoryBytes: number;
  private entry: string | undefined;
  private readonly workers = new Set<SandboxWorker>();
  private readonly queue: Pending[] = [];
  private readonly listeners = new Set<(event: SandboxEvent) => void>();
  private closed = false;
  /** Processes started so far (tests: a crash or kill is followed by a new one). */
  started = 0;

  constructor(options: SandboxPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.heapMb = options.heapMb ?? 256;
    this.graceMs = options.graceMs ?? 250;
    this.warmMemoryBytes = options.warmMemoryBytes ?? 64 * 1024 * 1024;
    this.entry = options.entry;
  }

  /** Evaluates `job` in a sandbox process; the JSON text of its result, or a NodeError. */
  run(job: SandboxJob, signal: AbortSignal): Promise<string> {
    if (signal.aborted) return Promise.reject(abortError(signal));
    if (this.closed) return Promise.reject(new Error("the sandbox pool is closed"));
    return new Promise<string>((resolve, reject) => {
      const pending: Pending = {
        job,
        signal,
        resolve,
        reject,
        onAbort: () => {
          if (pending.worker) pending.worker.cancel(abortError(signal));
          else if (this.queue.includes(pending)) {
            this.queue.splice(this.queue.indexOf(pending), 1);
            reject(abortError(signal));
          }
        },
      };
      signal.addEventListener("abort", pending.onAbort, { once: true });
      this.queue.push(pending);
      try {
        this.pump();
      } catch (error) {
        this.queue.splice(this.queue.indexOf(pending), 1);
        signal.removeEventListener("abort", pending.onAbort);
        reject(error); // no entry file: a clear INTERNAL error for this node, nothing started
      }
    });
  }

  /**
   * Starts processes ahead of need (a run with javascript nodes starting); settles when those
   * starting are ready (or dead), never rejects. They hold the event loop only with `keepAlive`
   * (a caller that awaits this and has nothing else pending, e.g. a benchmark).
   */
  warm(count = 1, { keepAlive = false } = {}): Promise<void> {
    while (!this.closed && this.workers.size < Math.min(count, this.size)) this.spawn();
    const starting = [...this.workers].filter((worker) => worker.state === "starting");
    if (keepAlive) for (const worker of starting) worker.setActive(true);
    return Promise.all(starting.map((worker) => worker.ready)).then(() => {
      if (keepAlive) for (const worker of starting) if (worker.state === "idle") worker.setActive(false);
    });
  }

  /** Follows job starts and ends (which process ran what): tests and benchmarks. */
  observe(listener: (event: SandboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): { processes: number; busy: number; queued: number; started: number } {
    const busy = [...this.workers].filter((w) => w.state === "busy").length;
    return { processes: this.workers.size, busy, queued: this.queue.length, started: this.started };
  }

  /** Kills every process; queued and running jobs fail. */
  close(): void {
    this.closed = true;
    for (const pending of this.queue.splice(0)) {
      pending.signal.removeEventListener("abort", pending.onAbort);
      pending.reject(new Error("the sandbox pool was closed"));
    }
    for (const worker of [...this.workers]) worker.kill(new Error("the sandbox pool was closed"));
  }

  private spawn(): SandboxWorker {
    this.entry ??= sandboxEntry();
    this.started++;
    const worker = new SandboxWorker({
      entry: this.entry,
      heapMb: this.heapMb,
      warmMemoryBytes: this.warmMemoryBytes,
      onReady: () => this.pump(),
      onDead: (dead, startFailure) => this.onDead(dead, startFailure),
    });
    this.workers.add(worker);
    return worker;
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const idle = [...this.workers].find((w) => w.state === "idle");
      if (idle) {
        this.dispatch(idle, this.queue.shift()!);
        continue;
      }
      // One process starts at a time: starting is CPU-heavy (Node, a thread, QuickJS), and two at
      // once on a busy machine delay the first one, which then serves the waiting jobs in turn.
      if (this.workers.size >= this.size || [...this.workers].some((w) => w.state === "starting")) break;
      this.spawn().setActive(true); // someone waits for it
    }
    // Idle processes never hold the event loop (the CLI exits); starting ones do while jobs wait for them.
    for (const worker of this.workers) {
      if (worker.state === "idle") worker.setActive(false);
      else if (worker.state === "starting" && this.queue.length > 0) worker.setActive(true);
    }
  }

  private dispatch(worker: SandboxWorker, pending: Pending): void {
    pending.worker = worker;
    worker.setActive(true);
    this.emit({ type: "start", workerId: worker.id, pid: worker.pid });
    worker.run(pending.job, pending.job.timeoutMs + this.graceMs, (outcome) => {
      // Synchronous with the answer: an abort after this point can't reach a process's next job.
      pending.signal.removeEventListener("abort", pending.onAbort);
      pending.worker = undefined;
      this.emit({ type: "end", workerId: worker.id, pid: worker.pid });
      if ("json" in outcome) pending.resolve(outcome.json);
      else pending.reject(outcome.error);
      this.pump();
    });
  }

  private onDead(worker: SandboxWorker, startFailure: Error | undefined): void {
    this.workers.delete(worker);
    if (this.closed) return;
    if (startFailure) {
      // Don't loop on a process that can't start: fail what waits unless another process can take it.
      if (![...this.workers].some((w) => w.state !== "dead")) {
        for (const pending of this.queue.splice(0)) {
          pending.signal.removeEventListener("abort", pending.onAbort);
          pending.reject(startFailure);
        }
      }
      return;
    }
    this.spawn(); // a fresh process right away, so the next job doesn't wait for one to start
    this.pump();
  }

  private emit(event: SandboxEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

const KEY = Symbol.for("flowmaestro.sandboxPool");

/** The process-wide pool (on globalThis: Next's separate bundles share one). */
export function sandboxPool(): SandboxPool {
  const holder = globalThis as Record<symbol, unknown>;
  return (holder[KEY] ??= new SandboxPool()) as SandboxPool;
}
