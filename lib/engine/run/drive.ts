/**
 * The scheduler loop: dispatches ready node instances to the runtime (up to the
 * concurrency limit), applies what comes back to the state, reports events and
 * checkpoints, until the run finishes, pauses or is cancelled.
 */
import { randomUUID } from "node:crypto";
import { ErrorCode, stopFailureOf } from "../errors";
import type { HandlerOptions } from "../handlers/types";
import type { Plan } from "../plan/types";
import type { AnswerSource, NodeTask, NodeTaskResult, RunHooks, Runtime } from "../runtime/port";
import type { RunEvent } from "../state/events";
import { frameKey, instanceLabel } from "../state/keys";
import { storable, storableText } from "../state/storable";
import { apply, closeSegment, type MachineEnv, type StateInput } from "../state/machine";
import { buildScope } from "../state/scope";
import type { RunState } from "../state/types";
import { evaluate } from "../templates/compile";
import { createMasker } from "./mask";
import { answerInput } from "./answer";
import type { CheckpointJournal, JournalEntry } from "./journal";

export interface DriveContext {
  plan: Plan;
  env: Readonly<Record<string, string>>;
  runtime: Runtime;
  hooks: RunHooks;
  handlerOptions: HandlerOptions;
  signal?: AbortSignal;
  /** Answers to open waitpoints that arrive while the run runs. */
  answers?: AnswerSource;
  now(): number;
  /** Top-level outputs seen in events, by node id (for the run result). */
  recorded: Record<string, unknown>;
}

export const newWaitpointId = () => `wp_${randomUUID().replace(/-/g, "")}`;

export class Driver {
  private pending: RunEvent[] = [];
  private mask: <T>(value: T) => T;
  /** Inputs applied since the last checkpoint (see ./journal.ts). */
  private journal: JournalEntry[] = [];
  /** False while the state has changed outside the journal since the last checkpoint (before the first one, pause, stuck). */
  private exact = false;

  constructor(
    private state: RunState,
    private ctx: DriveContext,
  ) {
    this.mask = createMasker(ctx.env);
  }

  machineEnv(): MachineEnv {
    return { plan: this.ctx.plan, env: this.ctx.env, now: this.ctx.now() };
  }

  /** Applies an input, journals it and reports its events. */
  apply(input: StateInput): JournalEntry {
    const env = this.machineEnv();
    const entry: JournalEntry = { input, now: env.now };
    this.journal.push(entry);
    this.report(apply(this.state, input, env).events);
    return entry;
  }

  report(events: RunEvent[]): void {
    for (const event of events) {
      if ((event.type === "node.completed" || event.type === "node.failed") && event.key.path.length === 0 && "output" in event)
        this.ctx.recorded[event.key.nodeId] = event.output;
      const masked = this.mask(event);
      this.pending.push(masked);
      this.ctx.hooks.onEvent?.(masked);
    }
  }

  async checkpoint(): Promise<void> {
    const events = this.pending;
    const journal: CheckpointJournal = { entries: this.journal, exact: this.exact };
    this.pending = [];
    this.journal = [];
    this.exact = true;
    await this.ctx.hooks.onCheckpoint?.(this.state, events, journal);
  }

  async run(): Promise<RunState> {
    const { runtime, signal } = this.ctx;
    const onAbort = () => runtime.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const unsubscribe = this.ctx.answers?.subscribe?.(() => runtime.interrupt?.());
    try {
      while (this.state.status === "running") {
        if (signal?.aborted) {
          const error = stopFailureOf(signal.reason);
          this.apply(error ? { type: "cancel", error } : { type: "cancel" });
          break;
        }
        this.takeAnswers();
        this.dispatchReady();
        if (runtime.inFlight() === 0) {
          if (this.state.ready.length > 0 || this.state.status !== "running") continue;
          if (Object.keys(this.state.waitpoints).length > 0) this.pause();
          else this.stuck();
          break;
        }
        const results = await runtime.next();
        for (const result of results) this.apply(this.inputOf(result));
        if (results.length > 0 || this.pending.length > 0) await this.checkpoint();
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      unsubscribe?.();
    }
    await this.checkpoint();
    return this.state;
  }

  private dispatchReady(): void {
    const { runtime, plan } = this.ctx;
    const tasks: NodeTask[] = [];
    while (this.state.ready.length > 0 && runtime.inFlight() + tasks.length < this.state.options.concurrency && this.state.status === "running") {
      const entry = this.state.ready.shift()!;
      const node = plan.nodes.get(entry.key.nodeId)!;
      const started = this.apply({ type: "nodeStarted", key: entry.key, ...(entry.redispatch ? { redispatch: true as const } : {}) });
      started.took = true;
      const instance = this.state.frames[frameKey(entry.key.path)]?.nodes[entry.key.nodeId];
      if (!instance || instance.status !== "running") continue;
      const scope = buildScope(this.state, { plan, env: this.ctx.env }, entry.key);
      const parsed = node.handler.configSchema.safeParse(evaluate(node.compiled, scope));
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${["config", ...i.path].join(".")}: ${i.message}`).join("; ");
        this.apply({ type: "nodeFailed", key: entry.key, error: { message: `invalid config: ${detail}`, code: ErrorCode.VALIDATION_ERROR }, retryable: false });
        continue;
      }
      this.state.counters.dispatched++;
      started.dispatched = true;
      tasks.push({
        runId: this.state.runId,
        key: entry.key,
        nodeId: node.id,
        type: node.type,
        name: node.name,
        attempt: instance.attempts,
        instance: instanceLabel(entry.key),
        attemptStartedAt: instance.attemptStartedAt ?? this.ctx.now(),
        config: parsed.data,
        scope,
        triggerPayload: this.state.trigger.payload,
        timeoutMs: node.timeoutMs,
        delayMs: entry.delayMs,
        // A copy: the handler works on it, the state changes only through apply.
        ...(instance.carry ? { resumed: structuredClone(instance.carry), resumedFrom: instance.carriedFrom } : {}),
      });
    }
    if (tasks.length === 0) return;
    for (const task of tasks) this.ctx.hooks.onDispatch?.(task);
    runtime.dispatch(tasks);
  }

  /** Answers recorded while the run runs: each completes its waitpoint's node, journaled like any input. */
  private takeAnswers(): void {
    for (const answer of this.ctx.answers?.take() ?? []) {
      const waitpoint = this.state.waitpoints[answer.waitpointId];
      if (!waitpoint) continue; // applied already, expired or cancelled
      const found = answerInput(this.ctx.plan, waitpoint, answer.input, Math.min(answer.decidedAt, (waitpoint.expiresAt ?? Infinity) - 1));
      this.apply(
        found.ok
          ? found.step
          : { type: "nodeFailed", key: waitpoint.key, error: { message: found.problem.message, code: ErrorCode.VALIDATION_ERROR }, retryable: false, waitpointId: waitpoint.id },
      );
    }
  }

  /** What a handler returned, made storable (see state/storable.ts) before it enters the state. */
  private inputOf(result: NodeTaskResult): StateInput {
    if (result.kind === "done") return { type: "nodeSucceeded", key: result.key, output: storable(result.output), handle: result.handle, variables: storable(result.variables) };
    if (result.kind === "error") {
      const error = { message: storableText(String(result.error.message)), code: storableText(String(result.error.code)) };
      return { type: "nodeFailed", key: result.key, error, retryable: result.retryable };
    }
    return {
      type: "nodePaused",
      key: result.key,
      pause: { id: newWaitpointId(), kind: result.pause.kind, timeoutMs: result.pause.timeoutMs, details: storable(result.pause.details), config: storable(result.config) },
    };
  }

  private pause(): void {
    const now = this.ctx.now();
    this.exact = false;
    this.state.status = "paused";
    closeSegment(this.state, now);
    this.report([{ type: "run.paused", at: now }]);
  }

  /** Nothing runs, nothing waits, yet the run is open: a bug; fail loudly rather than hang. */
  private stuck(): void {
    const now = this.ctx.now();
    this.exact = false;
    this.state.status = "failed";
    this.state.error ??= { message: "the run stopped with nodes that can never become ready (engine error)", nodeId: "" };
    closeSegment(this.state, now);
    this.state.finishedAt = now;
    this.report([{ type: "run.finished", status: "failed", error: this.state.error, at: now }]);
  }
}
