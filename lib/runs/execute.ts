/**
 * The embedded runtime's side of a run's life: executes one stretch of a run in this process (start,
 * continue after a crash or an answer, expire, cancel, replay) while holding its lease. The run
 * session (./session.ts) records, publishes and finishes; this file keeps the lease alive (a lost
 * lease or a cancel request stops the run at once), enforces the run's time limit, feeds answers
 * that arrive meanwhile, and ends the run failed when its progress can't be saved.
 */
import { answerRun, cancelRun, continueRun, createEmbeddedRuntime, driveRun, expireWaitpoints, RunStopFailure, startRun, type Plan, type RunOutcome, type RunResult, type RunState, type RunTrigger } from "@/lib/engine";
import { createReplayRuntime, type RecordedResult } from "@/lib/engine/run/replay";
import type { Run } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { secretsEnv } from "@/lib/secrets/store";
import { activeRuns, type ActiveRun } from "./active";
import { createAnswerFeed } from "./answer-feed";
import { runtimeSettings } from "./config";
import { attachLiveRun, publishChunk, publishEvent, publishStored } from "./live";
import { describeError } from "./log";
import { waitpointNotifier } from "./notifier";
import { recordedOutputsOf } from "./plan";
import { CheckpointFailedError, RECOVERY_SEQ_GAP, RunSession } from "./session";
import { freshRunState, loadRunState, type LoadedRunState } from "./snapshot";
import { createAppWorkflowHost, wakeParent } from "./subworkflows";
import { finishRun, LeaseLostError, listTopLevelNodeRuns, pendingAnswers, renewLease } from "./store";

export type Execution =
  | { kind: "start"; inputs: unknown; trigger: RunTrigger }
  | { kind: "replay"; inputs: unknown; trigger: RunTrigger; recorded: Map<string, RecordedResult> }
  /** Continue from the store: after a crash (`recovered`), or a paused run an answer claimed. */
  | { kind: "continue"; recovered?: boolean }
  | { kind: "expire" }
  | { kind: "cancel" }
  /** The run stopped the server again and again at the same point: it ends failed with this reason. */
  | { kind: "poisoned"; times: number };

export const timeLimitMessage = (limitMs: number) => `the run took longer than its time limit of ${limitMs} ms`;

/**
 * A run inserted right now (its row, its version's definition): its execution reads neither again.
 * `plan`: the definition built already (the launcher checked it). `env`: its workspace's secrets,
 * when the launcher started reading them beside the insert.
 */
export type FreshRun = { run: Run; definition: unknown; plan?: Plan; env?: Promise<Record<string, string>> };

/**
 * Starts the execution in the background; the returned promise settles when it stops, with the run's
 * result (masked, as stored) when this execution ended the run.
 */
export function launchExecution(db: Db, runId: string, owner: string, execution: Execution, fresh?: FreshRun): Promise<RunResult | undefined> {
  const controller = new AbortController();
  let resolveDone!: () => void;
  const active: ActiveRun = { runId, controller, done: new Promise<void>((resolve) => (resolveDone = resolve)) };
  activeRuns.set(runId, active);
  let ended: RunResult | undefined;
  void execute(db, runId, owner, execution, active, fresh)
    .then((result) => void (ended = result))
    .catch((error: unknown) => (execution.kind === "poisoned" ? failPoisoned(db, runId, owner, execution.times, error) : console.error(`[runs] run ${runId} stopped with an error (it is recovered when its lease expires): ${describeError(error)}`)))
    .finally(() => {
      if (activeRuns.get(runId) === active) activeRuns.delete(runId);
      resolveDone();
    });
  return active.done.then(() => ended);
}

/**
 * A poisoned run whose end could not be written from its state either (a state that can't be
 * loaded): it ends failed here, without it. Left to recovery, it would be taken up forever.
 */
async function failPoisoned(db: Db, runId: string, owner: string, times: number, error: unknown): Promise<void> {
  const message = `the run stopped the server ${times} times at the same point, and its state could not be loaded to end it: ${describeError(error)}`;
  console.error(`[runs] run ${runId}: ${message}`);
  await finishRun(db, runId, { status: "failed", error: { message, nodeId: "" } }, { owner }).catch((failure: unknown) => console.error(`[runs] run ${runId}: could not be ended either: ${describeError(failure)}`));
}

const stop = (active: ActiveRun, reason: NonNullable<ActiveRun["reason"]>, cause?: unknown) => {
  active.reason ??= reason;
  active.controller.abort(cause);
};

async function execute(db: Db, runId: string, owner: string, execution: Execution, active: ActiveRun, fresh: FreshRun | undefined): Promise<RunResult | undefined> {
  const settings = runtimeSettings();
  // The lease is renewed from the moment the run is ours, not once it is loaded: on a busy machine
  // loading can take a good part of the lease, and another instance would take the run over.
  const feed: { answers?: ReturnType<typeof createAnswerFeed>; session?: RunSession } = {};
  const timers = keepAlive(db, runId, owner, active, settings.leaseMs, {
    refresh: () => feed.answers?.refresh() ?? Promise.resolve(),
    watching: () => feed.session?.waitsWhileRunning ?? false,
  });
  timers.forEach((t) => t.unref());
  try {
    return await executeClaimed(db, runId, owner, execution, active, settings, timers, feed, fresh);
  } finally {
    timers.forEach((t) => clearTimeout(t));
  }
}

async function executeClaimed(
  db: Db,
  runId: string,
  owner: string,
  execution: Execution,
  active: ActiveRun,
  settings: ReturnType<typeof runtimeSettings>,
  timers: ReturnType<typeof setTimeout>[],
  feed: { answers?: ReturnType<typeof createAnswerFeed>; session?: RunSession },
  fresh: FreshRun | undefined,
): Promise<RunResult | undefined> {
  let env: Record<string, string> = {};
  const loaded = fresh && execution.kind === "start" ? freshRunState(fresh.run, fresh.definition, fresh.plan) : await loadRunState(db, runId, async (run) => (env = await secretsEnv(db, run.workspaceId)));
  if (!loaded) return;
  const fence = { owner };
  if (!loaded.built.ok) {
    const message = `the stored definition is invalid: ${loaded.built.problems[0]?.message}`;
    await finishRun(db, runId, { status: "failed", error: { message, nodeId: "" } }, fence);
    return;
  }
  // No snapshot yet: the loader did not need it.
  if (!loaded.state) env = fresh?.env && execution.kind === "start" ? await fresh.env : await secretsEnv(db, loaded.run.workspaceId);
  const plan = loaded.built.plan;
  const recovered = execution.kind === "continue" && execution.recovered === true;
  const session = new RunSession({
    runId,
    plan,
    nextSeq: loaded.nextSeq + (recovered ? RECOVERY_SEQ_GAP : 0),
    env,
    store: { db, fence },
    publish: { event: (event) => publishEvent(runId, event), chunk: (key, text) => publishChunk(runId, key, text), checkpoint: (_state, stored) => publishStored(runId, stored) },
    notify: waitpointNotifier(),
    onLeaseLost: () => stop(active, "lease-lost"),
    deferPure: true,
  });
  const detachLive = attachLiveRun(runId, () => session.recorder.unwritten().map((e) => ({ seq: e.seq, type: e.type, payload: e.payload })));
  const answers = createAnswerFeed(db, runId);
  feed.answers = answers;
  feed.session = session;
  const remaining = loaded.run.startedAt.getTime() + settings.runTimeoutMs - Date.now();
  // A failure, not a cancellation: the engine ends the run failed, so its events, state and result agree.
  const timeLimit = setTimeout(() => stop(active, "timeout", new RunStopFailure(timeLimitMessage(settings.runTimeoutMs))), Math.max(0, remaining));
  timeLimit.unref();
  timers.push(timeLimit);

  try {
    const common = {
      plan,
      env,
      hooks: session.hooks,
      signal: active.controller.signal,
      answers,
      options: { handler: { ...settings.handler, workflows: createAppWorkflowHost(db, loaded.run) } },
      // A run that starts now has no node runs yet: nothing to read.
      recordedOutputs: recordedOutputsOf(execution.kind === "start" ? [] : await listTopLevelNodeRuns(db, runId)),
      initialEvents: loaded.answerEvents,
    };
    let outcome = await run(common, runId, loaded, execution);
    // The pause was not written: answers came in meanwhile (the run kept its lease). Take them in and go on.
    while (outcome.state.status === "paused" && session.answersPending) {
      session.answersPending = false;
      outcome = await answerRun({ ...common, initialEvents: [], state: outcome.state, answered: await pendingAnswers(db, runId) });
    }
    const result = await session.finish(outcome);
    // A child run that ended answered its parent's waitpoint in that write: continue the parent now.
    if (loaded.run.parentRunId) await wakeParent(db, runId).catch((error: unknown) => console.error(`[runs] run ${runId}: could not wake its parent run: ${describeError(error)}`));
    return result.status === "completed" || result.status === "failed" || result.status === "cancelled" ? result : undefined;
  } catch (error) {
    if (error instanceof LeaseLostError) {
      console.warn(`[runs] run ${runId}: another execution took it over; this one stopped`);
      return;
    }
    if (error instanceof CheckpointFailedError) {
      console.error(`[runs] run ${runId}: its progress could not be saved, so it ends failed: ${error.message}`);
      stop(active, "cancel");
      await session.failUnsaved(error.message);
      return;
    }
    throw error;
  } finally {
    answers.close();
    detachLive();
  }
}

type Common = Parameters<typeof continueRun>[0] extends infer C ? Omit<C, "state"> : never;

async function run(common: Common, runId: string, loaded: LoadedRunState, execution: Execution): Promise<RunOutcome> {
  const state: RunState | null = loaded.state;
  const fresh = { ...common, runId, inputs: loaded.run.inputs, trigger: { kind: loaded.run.trigger } };
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
      // Stopped before its first checkpoint: start again (an attempt sent before gets the same idempotency key).
      if (!state) return startRun(fresh);
      // Executing when last written: in-flight attempts run again; else a paused run its answers reopened.
      return loaded.storedStatus === "running" ? continueRun({ ...common, state }) : driveRun(common, state);
    case "expire":
      return state ? expireWaitpoints({ ...common, state }) : startRun(fresh);
    case "cancel":
      // Nothing stored yet: the run starts and stops at once, so its events and result say cancelled.
      return state ? cancelRun({ ...common, state }) : startRun({ ...fresh, signal: AbortSignal.abort() });
    case "poisoned": {
      const running = state ? runningNodes(state) : [];
      const at = running.length > 0 ? `at node ${running.join(", ")}` : "before its first checkpoint";
      const error = { message: `this run stopped the server ${execution.times} times ${at}`, nodeId: running[0] ?? "" };
      return state ? cancelRun({ ...common, state, error }) : startRun({ ...fresh, signal: AbortSignal.abort(new RunStopFailure(error.message)) });
    }
  }
}

/** The nodes a crash interrupted: those running or about to run when the state was stored. */
function runningNodes(state: RunState): string[] {
  const ids = new Set<string>(state.ready.map((r) => r.key.nodeId));
  for (const frame of Object.values(state.frames))
    for (const [nodeId, node] of Object.entries(frame.nodes)) if (node.status === "running" && !node.container) ids.add(nodeId);
  return [...ids];
}

/** How often a running run with open waitpoints looks for answers recorded by other processes. */
const ANSWER_POLL_MS = 1000;

/**
 * Renews the lease every third of its life; a refused renewal (another execution took the run) or a
 * cancel request stops the run. Answers waiting in the run's inbox are fed in: seen on each renewal,
 * and polled every second while the run runs with waitpoints open (answers recorded in this process
 * arrive at once through ./answer-feed.ts).
 */
function keepAlive(
  db: Db,
  runId: string,
  owner: string,
  active: ActiveRun,
  leaseMs: number,
  answers: { refresh(): Promise<void>; watching(): boolean },
): ReturnType<typeof setTimeout>[] {
  let beating = false;
  const beat = setInterval(() => {
    if (beating) return;
    beating = true;
    void (async () => {
      const renewal = await renewLease(db, runId, owner, leaseMs);
      if (!renewal) return stop(active, "lease-lost");
      if (renewal.cancelRequested) return stop(active, "cancel");
      if (renewal.inbox > 0) await answers.refresh();
    })()
      // A failed renewal is tried again on the next beat; the lease outlives two missed beats.
      .catch((error: unknown) => console.error(`[runs] run ${runId}: lease renewal failed (tried again): ${describeError(error)}`))
      .finally(() => (beating = false));
  }, Math.max(50, Math.floor(leaseMs / 3)));
  const poll = setInterval(() => {
    if (!answers.watching()) return;
    answers.refresh().catch((error: unknown) => console.error(`[runs] run ${runId}: reading its answers failed (tried again): ${describeError(error)}`));
  }, ANSWER_POLL_MS);
  return [beat, poll];
}
