/**
 * What the execute-workflow task does, free of the SDK (the platform and the metadata sink are
 * handed in): loads the run the app created, runs the engine with the Trigger.dev runtime (one
 * batchTriggerAndWait per wave), records every checkpoint in the app's database like the
 * embedded runtime (node_runs, run_events, snapshot, waitpoint rows), waits on one token per
 * pause and resumes with the decision, and finishes the run row.
 */
import { buildRunResult, cancelRun, continueRun, expireWaitpoints, resumeRun, startRun, type HandlerOptions, type RunOutcome, type RunState } from "../../engine";
import type { Db } from "../../db/types";
import { notifyOpenWaitpoints } from "../../approvals/notify";
import { secretsEnv } from "../../secrets/store";
import { maskWith, recordedOutputsOf } from "../plan";
import { createRunRecorder } from "../recorder";
import { loadRunState } from "../snapshot";
import { finishRun, listNodeRuns, saveCheckpoint } from "../store";
import { syncWaitpoints } from "../waitpoint-sync";
import type { RunProgress } from "./contract";
import { serialWaits, type TriggerPlatform } from "./platform";
import { progressOf } from "./progress";
import { createTriggerRuntime } from "./runtime";
import { waitForDecision } from "./waiting";

export interface CoordinatorDeps {
  db: Db;
  platform: TriggerPlatform;
  /** Aborted when the Trigger.dev run is cancelled. */
  signal?: AbortSignal;
  /** Publishes progress (run metadata); `flush` before a long wait and at the end. */
  publish(progress: RunProgress, options: { flush: boolean }): Promise<void> | void;
  handler?: Partial<HandlerOptions>;
  /** Node attempts per wave at most (a new run's `concurrency`); the engine's default (32) when absent. */
  concurrency?: number;
}

export interface CoordinatorResult {
  runId: string;
  status: RunState["status"] | "not_found";
  waves: number;
  outputs?: Record<string, unknown>;
}

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export async function executeWorkflowRun(
  runId: string,
  deps: CoordinatorDeps,
  trigger?: { kind: string; nodeId?: string; payload?: unknown },
): Promise<CoordinatorResult> {
  const { db } = deps;
  const platform = serialWaits(deps.platform);
  const loaded = await loadRunState(db, runId, (run) => secretsEnv(db, run.ownerId));
  if (!loaded) return { runId, status: "not_found", waves: 0 };
  // A retried coordinator of a run that already ended has nothing left to do.
  if (TERMINAL.has(loaded.run.status)) return { runId, status: loaded.run.status as RunState["status"], waves: 0 };
  const built = loaded.built;
  if (!built.ok) {
    const problem = built.problems[0];
    const message = `the stored definition is invalid: ${problem ? `${problem.path}: ${problem.message}` : "unknown problem"}`;
    await finishRun(db, runId, { status: "failed", error: { message, nodeId: "" } });
    await deps.publish({ runId, status: "failed", wave: 0, counts: {}, waiting: [], error: { message, nodeId: "" } }, { flush: true });
    return { runId, status: "failed", waves: 0 };
  }
  const plan = built.plan;
  const ownerId = loaded.run.ownerId;
  const env = await secretsEnv(db, ownerId);
  let waves = 0;
  let latest: RunState | undefined;

  const recorder = createRunRecorder({
    nextSeq: loaded.nextSeq,
    async write(checkpoint, state) {
      await saveCheckpoint(db, runId, checkpoint);
      latest = state;
      if (Object.keys(state.waitpoints).length > 0 || state.status !== "running") await syncWaitpoints(db, state);
      if (Object.keys(state.waitpoints).length > 0) await notifyOpenWaitpoints(db, state); // approval links and mail, as embedded
      await deps.publish(progressOf(state, waves), { flush: state.status !== "running" });
    },
  });
  const runtime = () =>
    createTriggerRuntime({
      platform,
      ownerId,
      onWave: () => {
        waves++;
        if (latest) void deps.publish(progressOf(latest, waves), { flush: false });
      },
    });
  const recordedOutputs = recordedOutputsOf(await listNodeRuns(db, runId));
  const common = { plan, env, hooks: recorder.hooks, signal: deps.signal, options: { handler: deps.handler ?? {}, runtime, ...(deps.concurrency ? { concurrency: deps.concurrency } : {}) }, recordedOutputs };

  const snapshot = loaded.state ?? undefined;
  let outcome: RunOutcome;
  if (!snapshot) {
    outcome = await startRun({ ...common, runId, inputs: loaded.run.inputs, trigger: trigger ?? { kind: loaded.run.trigger } });
  } else if (snapshot.status === "running") {
    // A retried coordinator (crash, redeploy): attempts that were in flight run again.
    outcome = await continueRun({ ...common, state: snapshot });
  } else {
    // Paused (a coordinator retried while waiting): straight back to the wait.
    outcome = { state: snapshot, result: buildRunResult(plan, snapshot, recordedOutputs, { now: Date.now() }) };
  }

  let attempt = 0;
  while (outcome.state.status === "paused") {
    if (deps.signal?.aborted) {
      outcome = await cancelRun({ ...common, state: outcome.state });
      break;
    }
    const decision = await waitForDecision(db, platform, outcome.state, attempt++);
    if (decision.kind === "timeout") {
      outcome = await expireWaitpoints({ ...common, state: outcome.state });
      continue;
    }
    if (decision.kind === "stale") continue;
    const resumed = await resumeRun({ ...common, state: outcome.state, waitpointId: decision.waitpointId, input: decision.input });
    // REFUSED (the handler rejected the input) leaves the state as it was: wait again.
    if (resumed.ok || (resumed.result && resumed.state)) outcome = { result: resumed.result!, state: resumed.state! };
  }

  const { state } = outcome;
  if (TERMINAL.has(state.status)) {
    const result = maskWith(env)(outcome.result);
    await finishRun(db, runId, {
      status: result.status as "completed" | "failed" | "cancelled",
      outputs: result.outputs,
      error: result.error,
      result,
      finishedAt: result.finishedAt ?? new Date().toISOString(),
      durationMs: Math.round(result.durationMs),
    });
    await deps.publish(progressOf(state, waves), { flush: true });
    return { runId, status: state.status, waves, outputs: result.outputs };
  }
  return { runId, status: state.status, waves };
}
