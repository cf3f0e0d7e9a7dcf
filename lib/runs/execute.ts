/**
 * Executes one stretch of a run in this process (start, continue after a crash, resume, expire,
 * cancel, replay) while holding the run's lease: every engine checkpoint is written (events,
 * node_runs, snapshot in one transaction), then published to live readers; the lease is renewed;
 * the run's time limit and cancellation abort in-flight nodes through the engine's signal.
 */
import {
  cancelRun,
  continueRun,
  createEmbeddedRuntime,
  expireWaitpoints,
  resumeRun,
  RunStopFailure,
  startRun,
  type RunHooks,
  type RunOutcome,
  type RunState,
  type RunTrigger,
} from "@/lib/engine";
import { createReplayRuntime, type RecordedResult } from "@/lib/engine/run/replay";
import type { Db } from "@/lib/db/types";
import { secretsEnv } from "@/lib/secrets/store";
import { activeRuns, type ActiveRun } from "./active";
import { publishChunk, publishEvents } from "./bus";
import { runtimeSettings } from "./config";
import { maskWith, recordedOutputsOf } from "./plan";
import { createRunRecorder } from "./recorder";
import { loadRunState } from "./snapshot";
import { CANCEL_REQUESTED, finishRun, leaseOwnerOf, listNodeRuns, releaseLease, renewLease, saveCheckpoint } from "./store";
import { syncWaitpoints } from "./waitpoint-sync";
import { notifyOpenWaitpoints } from "@/lib/approvals/notify";
import { describeError } from "./log";

export type Execution =
  | { kind: "start"; inputs: unknown; trigger: RunTrigger }
  | { kind: "replay"; inputs: unknown; trigger: RunTrigger; recorded: Map<string, RecordedResult> }
  | { kind: "continue" }
  | { kind: "resume"; waitpointId: string; input: unknown }
  | { kind: "expire" }
  | { kind: "cancel" };

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export const timeLimitMessage = (limitMs: number) => `the run took longer than its time limit of ${limitMs} ms`;

/** Starts the execution in the background; the returned promise settles when it stops. */
export function launchExecution(db: Db, runId: string, owner: string, execution: Execution): Promise<void> {
  const controller = new AbortController();
  let resolveDone!: () => void;
  const active: ActiveRun = { runId, controller, done: new Promise<void>((resolve) => (resolveDone = resolve)) };
  activeRuns.set(runId, active);
  void execute(db, runId, owner, execution, active)
    .catch((error: unknown) => console.error(`[runs] run ${runId} stopped with an error: ${describeError(error)}`))
    .finally(() => {
      if (activeRuns.get(runId) === active) activeRuns.delete(runId);
      resolveDone();
    });
  return active.done;
}

async function execute(db: Db, runId: string, owner: string, execution: Execution, active: ActiveRun): Promise<void> {
  const settings = runtimeSettings();
  const loaded = await loadRunState(db, runId, (run) => secretsEnv(db, run.ownerId));
  if (!loaded) return;
  const built = loaded.built;
  if (!built.ok) {
    await finishRun(db, runId, { status: "failed", error: { message: `the stored definition is invalid: ${built.problems[0]?.message}`, nodeId: "" } });
    return;
  }
  const plan = built.plan;
  const env = await secretsEnv(db, loaded.run.ownerId);
  const mask = maskWith(env);
  const rows = await listNodeRuns(db, runId);
  let lost = false;

  const recorder = createRunRecorder({
    nextSeq: loaded.nextSeq,
    async write(checkpoint, state) {
      if (lost) return;
      await saveCheckpoint(db, runId, checkpoint);
      if (Object.keys(state.waitpoints).length > 0 || state.status !== "running") await syncWaitpoints(db, state);
      if (Object.keys(state.waitpoints).length > 0) await notifyOpenWaitpoints(db, state); // approval links and mail (lib/approvals)
      publishEvents(runId, (checkpoint.events ?? []).map((e) => ({ seq: e.seq, type: e.type, payload: e.payload })));
    },
  });

  const heartbeat = setInterval(() => {
    void (async () => {
      if (await renewLease(db, runId, owner, settings.leaseMs)) return;
      const cancelRequested = (await leaseOwnerOf(db, runId)) === CANCEL_REQUESTED;
      if (!cancelRequested) lost = true;
      active.reason ??= cancelRequested ? "cancel" : "lease-lost";
      active.controller.abort();
    })().catch(() => {}); // a failed renewal is retried on the next beat
  }, Math.max(50, Math.floor(settings.leaseMs / 3)));
  heartbeat.unref();
  const remaining = loaded.run.startedAt.getTime() + settings.runTimeoutMs - Date.now();
  const timer = setTimeout(() => {
    active.reason ??= "timeout";
    // A failure, not a cancellation: the engine ends the run failed, so its events, state and result agree.
    active.controller.abort(new RunStopFailure(timeLimitMessage(settings.runTimeoutMs)));
  }, Math.max(0, remaining));
  timer.unref();

  try {
    // Live tokens (llm) go to SSE readers through the bus, masked like events, never stored; a
    // secret split across two chunks is not caught here (the stored final text is masked whole).
    const onChunk: RunHooks["onChunk"] = (key, text) => {
      if (!lost) publishChunk(runId, { type: "node.chunk", key, text: mask(text) });
    };
    const common = { plan, env, hooks: { ...recorder.hooks, onChunk }, signal: active.controller.signal, options: { handler: settings.handler }, recordedOutputs: recordedOutputsOf(rows) };
    const outcome = await run(common, runId, loaded.state ?? undefined, execution, loaded.run);
    if (lost || !outcome) return;
    await settle(db, runId, owner, outcome, mask);
  } finally {
    clearInterval(heartbeat);
    clearTimeout(timer);
  }
}

type Common = Omit<Parameters<typeof continueRun>[0], "state">;

async function run(common: Common, runId: string, state: RunState | undefined, execution: Execution, stored: { inputs: unknown; trigger: string }): Promise<RunOutcome | null> {
  switch (execution.kind) {
    case "start":
      return startRun({ ...common, runId, inputs: execution.inputs, trigger: execution.trigger });
    case "replay": {
      const recorded = execution.recorded;
      const runtime: NonNullable<NonNullable<Common["options"]>["runtime"]> = (ctx) =>
        createReplayRuntime(createEmbeddedRuntime({ plan: ctx.plan, options: ctx.handlerOptions, onChunk: ctx.hooks.onChunk }), recorded);
      return startRun({ ...common, runId, inputs: execution.inputs, trigger: execution.trigger, options: { ...common.options, runtime } });
    }
    case "continue":
      // Crashed before its first checkpoint: nothing ran that counts; start it again.
      if (!state) return startRun({ ...common, runId, inputs: stored.inputs, trigger: { kind: stored.trigger } });
      return continueRun({ ...common, state });
    case "resume": {
      if (!state) return null;
      const resumed = await resumeRun({ ...common, state, waitpointId: execution.waitpointId, input: execution.input });
      return resumed.result && resumed.state ? { result: resumed.result, state: resumed.state } : null;
    }
    case "expire":
      return state ? expireWaitpoints({ ...common, state }) : null;
    case "cancel":
      return state ? cancelRun({ ...common, state }) : null;
  }
}

async function settle(db: Db, runId: string, owner: string, outcome: RunOutcome, mask: <T>(v: T) => T): Promise<void> {
  const { state, result } = outcome;
  await syncWaitpoints(db, state);
  if (TERMINAL.has(result.status)) {
    const masked = mask(result);
    await finishRun(db, runId, {
      status: masked.status as "completed" | "failed" | "cancelled",
      outputs: masked.outputs,
      error: masked.error,
      result: masked,
      finishedAt: masked.finishedAt ?? new Date().toISOString(),
      durationMs: Math.round(masked.durationMs),
    });
  } else {
    await releaseLease(db, runId, owner);
  }
}
