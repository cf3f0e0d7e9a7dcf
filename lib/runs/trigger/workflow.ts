/**
 * What the execute-workflow task does, free of the SDK (the platform and the metadata sink are
 * handed in): the run pipeline (../session.ts) with the Trigger.dev runtime (one
 * batchTriggerAndWait per wave). It takes the run's lease (a retried attempt takes over from the
 * previous one), records every checkpoint in the app's database like the embedded runtime, waits on
 * one token per pause, takes in the recorded answers, and finishes the run row.
 */
import { answerRun, continueRun, driveRun, expireWaitpoints, cancelRun, startRun, type HandlerOptions, type RunOutcome, type RunState } from "../../engine";
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/types";
import { secretsEnv } from "../../secrets/store";
import { createAnswerFeed } from "../answer-feed";
import type { WaitpointNotifier } from "../notifier";
import { recordedOutputsOf } from "../plan";
import { RECOVERY_SEQ_GAP, RunSession } from "../session";
import { loadRunState } from "../snapshot";
import { claimLease, finishRun, listTopLevelNodeRuns, pendingAnswers } from "../store";
import type { RunProgress } from "./contract";
import { retryRateLimited, serialWaits, type TriggerPlatform } from "./platform";
import { progressOf } from "./progress";
import { createTriggerRuntime } from "./runtime";
import { createSecretSeal } from "./sealed";
import { inflateOutput, offloadTask } from "./blobs";
import { waitForAnswer } from "./waiting";
import { wakeTriggerParent } from "./children";
import type { TriggerControl } from "./control";

export interface CoordinatorDeps {
  db: Db;
  platform: TriggerPlatform;
  /** Aborted when the Trigger.dev run is cancelled. */
  signal?: AbortSignal;
  /** Publishes progress (run metadata); `flush` before a long wait and at the end. */
  publish(progress: RunProgress, options: { flush: boolean }): Promise<void> | void;
  /** Tells approvers about open waitpoints (lib/approvals, handed in by the task). */
  notify?: WaitpointNotifier;
  /** This attempt's lease token (the task passes its run and attempt); random by default. */
  owner?: string;
  handler?: Partial<HandlerOptions>;
  /** Node attempts per wave at most (a new run's `concurrency`); the engine's default (32) when absent. */
  concurrency?: number;
  /** Completes a waiting parent's token when this run is a child (the SDK's by default). */
  control?: TriggerControl;
}

export interface CoordinatorResult {
  runId: string;
  status: RunState["status"] | "not_found";
  waves: number;
}

const TERMINAL = new Set(["completed", "failed", "cancelled"]);
/** The platform suspends a waiting coordinator; no other process takes Trigger.dev runs, so the lease only fences retried attempts. */
const LEASE_MS = 24 * 60 * 60 * 1000;

export async function executeWorkflowRun(
  runId: string,
  deps: CoordinatorDeps,
  trigger?: { kind: string; nodeId?: string; payload?: unknown },
): Promise<CoordinatorResult> {
  const { db } = deps;
  const platform = serialWaits(retryRateLimited(deps.platform));
  const owner = deps.owner ?? `trigger:${randomBytes(8).toString("hex")}`;
  const fence = { owner };
  // One attempt of a task runs at a time: a retried attempt takes the run over from the one that died.
  const claim = () => claimLease(db, runId, owner, LEASE_MS, { force: true });
  if (!(await claim())) return { runId, status: "not_found", waves: 0 };
  let env: Record<string, string> = {};
  const loaded = await loadRunState(db, runId, async (run) => (env = await secretsEnv(db, run.workspaceId)));
  if (!loaded) return { runId, status: "not_found", waves: 0 };
  // A child run's end answered its parent's waitpoint as it was stored; the parent's coordinator,
  // asleep on its wait token, is woken here (./children.ts).
  const wakeParent = async () => {
    if (loaded.run.parentRunId) await wakeTriggerParent(db, runId, deps.control);
  };
  // A retried coordinator of a run that already ended has nothing left to do but wake its parent
  // (the attempt that ended it may have died before it could).
  if (TERMINAL.has(loaded.run.status)) {
    await wakeParent();
    return { runId, status: loaded.run.status as RunState["status"], waves: 0 };
  }
  if (!loaded.state) env = await secretsEnv(db, loaded.run.workspaceId);
  if (!loaded.built.ok) {
    const problem = loaded.built.problems[0];
    const message = `the stored definition is invalid: ${problem ? `${problem.path}: ${problem.message}` : "unknown problem"}`;
    await finishRun(db, runId, { status: "failed", error: { message, nodeId: "" } }, fence);
    await deps.publish({ runId, status: "failed", wave: 0, counts: {}, waiting: [], error: { message, nodeId: "" } }, { flush: true });
    await wakeParent();
    return { runId, status: "failed", waves: 0 };
  }
  const plan = loaded.built.plan;
  let waves = 0;
  let latest: RunState | undefined;
  const answers = createAnswerFeed(db, runId);
  const session = new RunSession({
    runId,
    plan,
    // A retried attempt after a crash: seqs the dead one may have published are never reused.
    nextSeq: loaded.nextSeq + (loaded.storedStatus === "running" ? RECOVERY_SEQ_GAP : 0),
    env,
    store: { db, fence },
    notify: deps.notify,
    publish: {
      async checkpoint(state) {
        latest = state;
        await deps.publish(session.mask(progressOf(state, waves)), { flush: state.status !== "running" });
        // Answers to other waitpoints recorded meanwhile: the driver takes them before the next wave.
        if (state.status === "running" && Object.keys(state.waitpoints).length > 0) await answers.refresh();
      },
    },
  });
  const seal = createSecretSeal(runId, env);
  const runtime = () =>
    createTriggerRuntime({
      platform,
      seal,
      transfer: { outgoing: (task) => offloadTask(db, task), incoming: (result) => inflateOutput(db, runId, result) },
      onWave: () => {
        waves++;
        if (latest) void deps.publish(session.mask(progressOf(latest, waves)), { flush: false });
      },
    });
  const common = {
    plan,
    env,
    hooks: session.hooks,
    signal: deps.signal,
    answers,
    options: { handler: deps.handler ?? {}, runtime, ...(deps.concurrency ? { concurrency: deps.concurrency } : {}) },
    recordedOutputs: recordedOutputsOf(await listTopLevelNodeRuns(db, runId)),
  };

  try {
    const state = loaded.state;
    const first = { ...common, initialEvents: loaded.answerEvents };
    let outcome: RunOutcome = !state
      ? await startRun({ ...common, runId, inputs: loaded.run.inputs, trigger: trigger ?? { kind: loaded.run.trigger } })
      : loaded.storedStatus === "running"
        ? await continueRun({ ...first, state }) // a retried coordinator (crash, redeploy): in-flight attempts run again
        : await driveRun(first, state); // paused (retried while waiting, or answered meanwhile)

    let attempt = 0;
    while (outcome.state.status === "paused") {
      if (deps.signal?.aborted) {
        if (!(await claim())) break;
        outcome = await cancelRun({ ...common, state: outcome.state });
        break;
      }
      const wakeup = session.answersPending ? "answered" : await waitForAnswer(db, platform, outcome.state, attempt++);
      session.answersPending = false;
      if (wakeup === "stale") continue;
      // The pause gave the lease up; take it again to write what comes next.
      if (!(await claim())) break;
      outcome =
        wakeup === "timeout"
          ? await expireWaitpoints({ ...common, state: outcome.state })
          : await answerRun({ ...common, state: outcome.state, answered: await pendingAnswers(db, runId) });
    }
    await session.finish(outcome);
    await deps.publish(session.mask(progressOf(outcome.state, waves)), { flush: true });
    if (TERMINAL.has(outcome.state.status)) await wakeParent();
    // The coordinator's own output stays small and holds no workflow data: Trigger.dev stores it
    // (10 MB cap, shown in the dashboard); the workflow's outputs are in the app's database.
    return { runId, status: outcome.state.status, waves };
  } finally {
    answers.close();
  }
}
