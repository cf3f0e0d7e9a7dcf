/**
 * One sandbox process: a forked Node.js process running child/main.mjs, whose evaluation thread
 * has its own capped V8 heap. Whatever user code does in there (a heap blow-up that makes V8
 * abort, a busy loop, a crash) ends this process at worst, never the server's. It runs one job
 * at a time. A job given up on (time limit, cancelled run) is cancelled: the process replaces its
 * thread and says ready again, so no new process is forked; one that doesn't recover is killed.
 */
import { fork, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { ErrorCode, NodeError } from "../errors";
import { childMessage, type SandboxJob } from "./protocol";

export interface SandboxWorkerOptions {
  entry: string;
  /** V8 old-space cap of the process (jsonata's values live there; QuickJS has its own capped wasm memory). */
  heapMb: number;
  /** QuickJS instance the process prepares before it says ready. */
  warmMemoryBytes: number;
  /** Called once when the process can't take jobs any more (killed, crashed, failed to start). */
  onDead(worker: SandboxWorker, startFailure: Error | undefined): void;
  onReady(worker: SandboxWorker): void;
}

type State = "starting" | "idle" | "busy" | "dead";

const STDERR_TAIL = 8 * 1024;
/** How long a process may take to replace its evaluation thread after a cancel before it is killed. */
const RECOVERY_MS = 15_000;
/** How long a new process may take to say ready (a very busy machine: seconds) before it is killed. */
const START_MS = 60_000;
let nextId = 1;

// V8's and the allocator's own words when a process dies of memory: the heap cap, "invalid size" (a
// backing store past V8's maximum length), an allocation that failed.
const MEMORY_DEATH = /heap out of memory|allocation failed|invalid (size|array length|table size)|out of memory/i;

export class SandboxWorker {
  readonly id = nextId++;
  pid: number | undefined;
  state: State = "starting";
  private readonly child: ChildProcess;
  private stderrTail = "";
  private current: { id: number; kind: SandboxJob["kind"]; resolve(json: string): void; reject(error: Error): void; timer: NodeJS.Timeout } | undefined;
  private jobIds = 0;
  private wasReady = false;
  /** Settles true once the process is warm and takes jobs, false if it died first. */
  readonly ready: Promise<boolean>;
  private markReady!: (ok: boolean) => void;

  constructor(private readonly options: SandboxWorkerOptions) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.child = fork(options.entry, [String(options.warmMemoryBytes), String(options.heapMb)], {
      // Not the server's flags (tsx's loader, inspector) nor its environment (secrets): only the caps.
      execArgv: [`--max-old-space-size=${options.heapMb}`, "--disallow-code-generation-from-strings"],
      env: { NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    this.pid = this.child.pid;
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL);
    });
    this.child.on("message", (raw: unknown) => this.receive(raw));
    this.child.on("error", (error) => this.die(`the sandbox process failed: ${error.message}`));
    this.child.on("close", (code, signal) => this.die(signal ? `signal ${signal}` : `exit code ${code}`));
    this.setActive(false);
    setTimeout(() => {
      if (!this.wasReady) this.kill(new Error(`the sandbox process did not start within ${START_MS / 1000} s`));
    }, START_MS).unref();
  }

  /** Keeps the server's event loop alive while this process works; idle ones never hold it (the CLI exits). */
  setActive(active: boolean): void {
    const handles = [this.child, this.child.channel, this.child.stderr as Socket | null];
    for (const handle of handles) {
      if (!handle) continue;
      if (active) handle.ref?.();
      else handle.unref?.();
    }
  }

  /**
   * Runs one job; `hardLimitMs` after it starts, the job is cancelled and fails with TIMEOUT.
   * `done` is called synchronously when the job settles, exactly once.
   */
  run(job: SandboxJob, hardLimitMs: number, done: (outcome: { json: string } | { error: Error }) => void): void {
    if (this.state !== "idle") throw new Error(`sandbox process ${this.id} is ${this.state}`);
    this.state = "busy";
    const id = ++this.jobIds;
    // Checked after one more turn of the event loop: when the server's own loop was blocked past the
    // limit (a long garbage collection), timers run before pending I/O, and an answer already
    // waiting in the pipe must win over the timer (a 10,000-iteration loop failed so in next start).
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (this.current?.id !== id) return;
        const what = job.kind === "javascript" ? "script" : "expression";
        this.cancel(new NodeError(`the ${what} ran longer than ${job.timeoutMs} ms`, ErrorCode.TIMEOUT));
      });
    }, hardLimitMs);
    this.current = { id, kind: job.kind, timer, resolve: (json) => done({ json }), reject: (error) => done({ error }) };
    this.child.send({ type: "job", id, job }, (error) => {
      if (error) this.kill(new NodeError(`the sandbox process could not take the job: ${error.message}`, ErrorCode.SCRIPT_ERROR, { retryable: false }));
    });
  }

  /**
   * Gives up on the job in flight (it fails with `reason` now): the process stops its thread and
   * says ready again when a fresh one is up, or is killed if it doesn't within RECOVERY_MS.
   */
  cancel(reason: Error): void {
    const job = this.current;
    if (this.state !== "busy" || !job) return;
    this.settle((pending) => pending.reject(reason));
    this.recover();
    this.child.send({ type: "cancel", id: job.id }, (error) => {
      if (error) this.kill(reason);
    });
  }

  /** Waits for the process's "ready" after its thread restarts; kills it if that never comes. */
  private recover(): void {
    this.state = "starting";
    const timer = setTimeout(() => {
      if (this.state === "starting") this.kill(new Error("the sandbox process did not recover"));
    }, RECOVERY_MS);
    timer.unref();
  }

  /** Ends the process at once; a job in flight fails with `reason`. */
  kill(reason: Error): void {
    if (this.state === "dead") return;
    this.settle((job) => job.reject(reason));
    this.child.kill("SIGKILL");
    this.die("killed");
  }

  private receive(raw: unknown): void {
    const parsed = childMessage.safeParse(raw);
    if (!parsed.success) {
      this.kill(new NodeError("the sandbox process sent a malformed answer", ErrorCode.SCRIPT_ERROR, { retryable: false }));
      return;
    }
    const message = parsed.data;
    if (message.type === "ready") {
      if (this.state !== "starting") return;
      this.pid = message.pid;
      this.state = "idle";
      this.wasReady = true;
      this.markReady(true);
      this.options.onReady(this);
      return;
    }
    if (!this.current || this.current.id !== message.id) return;
    if (message.type === "failed" && message.restarting) this.recover();
    else this.state = "idle";
    this.settle((job) => (message.type === "done" ? job.resolve(message.json) : job.reject(new NodeError(message.message, message.code))));
  }

  private settle(action: (job: NonNullable<SandboxWorker["current"]>) => void): void {
    const job = this.current;
    if (!job) return;
    this.current = undefined;
    clearTimeout(job.timer);
    action(job);
  }

  /** The process is gone or must not be used again: fail its job by how it died, report once. */
  private die(how: string): void {
    if (this.state === "dead") return;
    this.state = "dead";
    this.markReady(false);
    this.setActive(false);
    const lines = this.stderrTail.trim().split("\n");
    // The most telling line: a memory death, else the first error message (Node ends with its version).
    const reason = lines.find((line) => MEMORY_DEATH.test(line)) ?? lines.find((line) => /\b\w*Error: |could not start/.test(line))?.trim() ?? lines.at(-1) ?? "";
    this.settle((job) => {
      const what = job.kind === "javascript" ? "script" : "expression";
      job.reject(
        MEMORY_DEATH.test(this.stderrTail)
          ? new NodeError(`the ${what} ran out of memory (the sandbox's limit is ${this.options.heapMb} MB)`, ErrorCode.MEMORY_LIMIT, { retryable: false })
          : new NodeError(`the sandbox process crashed (${how}) while running the ${what}`, ErrorCode.SCRIPT_ERROR, { retryable: false }),
      );
    });
    const startFailure = !this.wasReady ? new Error(`the sandbox process could not start (${how})${reason ? `: ${reason}` : ""}`) : undefined;
    this.options.onDead(this, startFailure);
  }
}
