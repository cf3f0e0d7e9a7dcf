/** Starting, continuing, answering, expiring and cancelling runs: the state machine + a runtime + hooks. */
import { randomUUID } from "node:crypto";
import { defaultHandlerOptions, type HandlerOptions } from "../handlers/types";
import type { Plan } from "../plan/types";
import { createEmbeddedRuntime } from "../runtime/embedded";
import type { AnswerSource, RunHooks, Runtime } from "../runtime/port";
import { createRunState, type RunTrigger } from "../state/create";
import { apply as applyMachine } from "../state/machine";
import type { RunEvent } from "../state/events";
import { storable } from "../state/storable";
import type { RunOptionsState, RunState, Waitpoint } from "../state/types";
import { answerInput, applyAnswers, expireDueWaitpoints, findWaitpoint, reopen, requeueRunning, type RecordedAnswer, type ResumeProblem, type WaitpointTarget } from "./answer";
import { Driver } from "./drive";
import { buildRunResult, type RunResult } from "./result";

export { findWaitpoint, lookupWaitpoint, expireDueWaitpoints, applyAnswers, type ResumeProblem, type RecordedAnswer } from "./answer";

export interface RunOptions extends Partial<RunOptionsState> {
  handler?: Partial<HandlerOptions>;
  /** Clock (tests); Date.now by default. */
  now?(): number;
  waitpointUrl?(waitpoint: Waitpoint): string | undefined;
  /** Another runtime (Trigger.dev); the embedded one by default. */
  runtime?(ctx: { plan: Plan; handlerOptions: HandlerOptions; hooks: RunHooks }): Runtime;
}

export interface RunOutcome {
  result: RunResult;
  /** The final snapshot: store it to resume a paused run. */
  state: RunState;
}

export interface Common {
  plan: Plan;
  env?: Record<string, string>;
  options?: RunOptions;
  hooks?: RunHooks;
  signal?: AbortSignal;
  /** Answers recorded while the run runs (another waitpoint of a running run was answered). */
  answers?: AnswerSource;
  /** Top-level outputs recorded so far (from the store: the previous result's `nodes[id].output`). */
  recordedOutputs?: Record<string, unknown>;
  /** Events of state changes made before driving (answers a loader applied), reported first. */
  initialEvents?: RunEvent[];
}

export interface StartRunInput extends Common {
  inputs?: unknown;
  runId?: string;
  trigger?: RunTrigger;
}

export const newRunId = () => `run_${randomUUID().replace(/-/g, "")}`;

const clockOf = (common: Common) => common.options?.now ?? Date.now;

/** Drives `state` from where it is (running: dispatch what is ready; otherwise only report and checkpoint). */
export async function driveRun(common: Common, state: RunState, initial: RunEvent[] = []): Promise<RunOutcome> {
  const options = common.options ?? {};
  const now = clockOf(common);
  const handlerOptions = { ...defaultHandlerOptions, ...options.handler };
  const hooks = common.hooks ?? {};
  const idle = state.status !== "running";
  const runtime = idle
    ? idleRuntime()
    : (options.runtime?.({ plan: common.plan, handlerOptions, hooks }) ?? createEmbeddedRuntime({ plan: common.plan, options: handlerOptions, onChunk: hooks.onChunk }));
  if (!idle && !options.runtime) prepareHandlers(common.plan, handlerOptions); // other runtimes execute elsewhere
  const recorded: Record<string, unknown> = { ...common.recordedOutputs };
  const driver = new Driver(state, { plan: common.plan, env: common.env ?? {}, runtime, hooks, handlerOptions, signal: common.signal, answers: common.answers, now, recorded });
  driver.report([...(common.initialEvents ?? []), ...initial]);
  await driver.run();
  return { state, result: buildRunResult(common.plan, state, recorded, { now: now(), waitpointUrl: options.waitpointUrl }) };
}

/** Starts each used type's `prepare` once, in the background (see NodeHandler.prepare). */
function prepareHandlers(plan: Plan, options: HandlerOptions): void {
  const started = new Set<string>();
  for (const { handler } of plan.nodes.values()) {
    if (!handler.prepare || started.has(handler.type)) continue;
    started.add(handler.type);
    // Failures are reported by `execute`, which tries again; a warm-up failure changes nothing here.
    handler.prepare(options).catch(() => undefined);
  }
}

export async function startRun(input: StartRunInput): Promise<RunOutcome> {
  const now = clockOf(input);
  const { state, events } = createRunState(
    input.plan,
    { runId: input.runId ?? newRunId(), inputs: storable(input.inputs ?? {}), trigger: input.trigger && { ...input.trigger, payload: storable(input.trigger.payload) }, options: input.options },
    { plan: input.plan, env: input.env ?? {}, now: now() },
  );
  return driveRun(input, state, events);
}

/**
 * Continues a run from a checkpoint taken while it was running (the process died, a Trigger.dev task
 * was retried): node attempts that were in flight run again as the same attempts. The time since the
 * checkpoint counts as running time (the run was meant to be running), so durations match the timeline.
 */
export async function continueRun(input: Common & { state: RunState }): Promise<RunOutcome> {
  const state = input.state;
  if (state.status !== "running") return driveRun(input, state);
  state.segmentStartedAt ??= clockOf(input)();
  requeueRunning(state);
  return driveRun(input, state, [{ type: "run.recovered", at: clockOf(input)() }]);
}

/** Continues a paused run whose due waitpoints are expired now (the CLI does this whenever a run is touched). */
export async function expireWaitpoints(input: Common & { state: RunState }): Promise<RunOutcome> {
  const now = clockOf(input)();
  const events = expireDueWaitpoints(input.plan, input.state, now, input.env);
  if (events.length > 0) events.unshift(...reopen(input.state, now));
  return driveRun(input, input.state, events);
}

/** Applies answers the store recorded (paused or running state) and drives the run on. */
export async function answerRun(input: Common & { state: RunState; answered: readonly RecordedAnswer[] }): Promise<RunOutcome> {
  const now = clockOf(input)();
  const { events } = applyAnswers(input.plan, input.state, input.answered, now, input.env);
  return driveRun(input, input.state, events);
}

export interface ResumeRunInput extends Common, WaitpointTarget {
  state: RunState;
  input?: unknown;
}

/**
 * Completes a waitpoint of a paused run and continues it (the command line). A refused input
 * (VALIDATION_ERROR from the handler) leaves the state untouched.
 */
export async function resumeRun(input: ResumeRunInput): Promise<({ ok: true } & RunOutcome) | ({ ok: false; problem: ResumeProblem } & Partial<RunOutcome>)> {
  const now = clockOf(input)();
  const found = findWaitpoint(input.state, input);
  if ("code" in found) return { ok: false, problem: found };
  const answer = answerInput(input.plan, found, input.input, now);
  if (!answer.ok && answer.problem.code === "EXPIRED") return { ok: false, problem: answer.problem, ...(await expireWaitpoints(input)) };
  if (!answer.ok) return { ok: false, problem: answer.problem };
  const events = expireDueWaitpoints(input.plan, input.state, now, input.env);
  events.unshift(...reopen(input.state, now));
  events.push(...applyMachine(input.state, answer.step, { plan: input.plan, env: input.env ?? {}, now }).events);
  return { ok: true, ...(await driveRun(input, input.state, events)) };
}

/**
 * Cancels a run that is not in flight here (e.g. paused in the store). In-flight runs are cancelled
 * through `signal`. With `error`, the run ends failed with it instead (it can't go on, e.g. it
 * stopped the server too often).
 */
export async function cancelRun(input: Common & { state: RunState; error?: { message: string; nodeId: string } }): Promise<RunOutcome> {
  const now = clockOf(input)();
  const { events } = applyMachine(input.state, input.error ? { type: "cancel", error: input.error } : { type: "cancel" }, { plan: input.plan, env: input.env ?? {}, now });
  return driveRun(input, input.state, events);
}

/** A runtime for state changes that dispatch nothing. */
const idleRuntime = (): Runtime => ({ dispatch() {}, next: async () => [], inFlight: () => 0, abort() {} });
