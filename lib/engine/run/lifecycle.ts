/** Starting, resuming, expiring and cancelling runs: the state machine + a runtime + hooks. */
import { randomUUID } from "node:crypto";
import { ErrorCode, NodeError } from "../errors";
import { defaultHandlerOptions, type ExecuteResult, type HandlerOptions } from "../handlers/types";
import type { Plan } from "../plan/types";
import { createEmbeddedRuntime } from "../runtime/embedded";
import type { RunHooks, Runtime } from "../runtime/port";
import { createRunState, type RunTrigger } from "../state/create";
import { frameKey } from "../state/keys";
import { apply as applyMachine, type StateInput } from "../state/machine";
import type { RunEvent } from "../state/events";
import type { RunOptionsState, RunState, Waitpoint } from "../state/types";
import { Driver } from "./drive";
import { buildRunResult, type RunResult } from "./result";

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

interface Common {
  plan: Plan;
  env?: Record<string, string>;
  options?: RunOptions;
  hooks?: RunHooks;
  signal?: AbortSignal;
  /** Top-level outputs recorded so far (from the store: the previous result's `nodes[id].output`). */
  recordedOutputs?: Record<string, unknown>;
}

export interface StartRunInput extends Common {
  inputs?: unknown;
  runId?: string;
  trigger?: RunTrigger;
}

export const newRunId = () => `run_${randomUUID().replace(/-/g, "")}`;

async function drive(common: Common, state: RunState, initial: RunEvent[]): Promise<RunOutcome> {
  const options = common.options ?? {};
  const now = options.now ?? Date.now;
  const handlerOptions = { ...defaultHandlerOptions, ...options.handler };
  const hooks = common.hooks ?? {};
  const runtime = options.runtime?.({ plan: common.plan, handlerOptions, hooks }) ?? createEmbeddedRuntime({ plan: common.plan, options: handlerOptions, onChunk: hooks.onChunk });
  if (!options.runtime) prepareHandlers(common.plan, handlerOptions); // other runtimes execute elsewhere
  const recorded: Record<string, unknown> = { ...common.recordedOutputs };
  const driver = new Driver(state, { plan: common.plan, env: common.env ?? {}, runtime, hooks, handlerOptions, signal: common.signal, now, recorded });
  driver.report(initial);
  await driver.run();
  return { state, result: buildRunResult(common.plan, state, recorded, { now: now(), waitpointUrl: options.waitpointUrl }) };
}

/** Starts each used type's `prepare` once, in the background (see NodeHandler.prepare). */
function prepareHandlers(plan: Plan, options: HandlerOptions): void {
  const started = new Set<string>();
  for (const { handler } of plan.nodes.values()) {
    if (!handler.prepare || started.has(handler.type)) continue;
    started.add(handler.type);
    handler.prepare(options).catch(() => {});
  }
}

export async function startRun(input: StartRunInput): Promise<RunOutcome> {
  const now = input.options?.now ?? Date.now;
  const { state, events } = createRunState(
    input.plan,
    { runId: input.runId ?? newRunId(), inputs: input.inputs ?? {}, trigger: input.trigger, options: input.options },
    { plan: input.plan, env: input.env ?? {}, now: now() },
  );
  return drive(input, state, events);
}

/** Times out open waitpoints whose `expiresAt` has passed (TIMEOUT, routable); returns the events. Pure state change. */
export function expireDueWaitpoints(plan: Plan, state: RunState, now: number): RunEvent[] {
  const events: RunEvent[] = [];
  for (const wp of Object.values(state.waitpoints)) {
    if (wp.expiresAt === null || wp.expiresAt > now) continue;
    const error = { message: `no answer before ${new Date(wp.expiresAt).toISOString()}`, code: ErrorCode.TIMEOUT };
    events.push(...applyNow(plan, state, { type: "nodeFailed", key: wp.key, error, retryable: false, waitpointId: wp.id }, now));
  }
  return events;
}

function applyNow(plan: Plan, state: RunState, input: StateInput, now: number): RunEvent[] {
  return applyMachine(state, input, { plan, env: {}, now }).events;
}

function reopen(state: RunState, now: number, events: RunEvent[]): void {
  if (state.status !== "paused") return;
  state.status = "running";
  state.segmentStartedAt = now;
  events.unshift({ type: "run.resumed", at: now });
  requeueRunning(state);
}

/** Attempts that were running when the snapshot was taken (a crash, a restarted worker) run again. */
function requeueRunning(state: RunState): void {
  for (const frame of Object.values(state.frames))
    for (const [nodeId, node] of Object.entries(frame.nodes))
      if (node.status === "running" && !node.container && !state.ready.some((r) => r.key.nodeId === nodeId && frameKey(r.key.path) === frameKey(frame.path)))
        state.ready.push({ key: { nodeId, path: frame.path }, delayMs: 0 });
}

/**
 * Continues a run from a checkpoint taken while it was running (the process
 * died, a Trigger.dev task was retried): node attempts that were in flight run again.
 */
export async function continueRun(input: Common & { state: RunState }): Promise<RunOutcome> {
  const state = input.state;
  if (state.status !== "running") return drive({ ...input, options: { ...input.options, runtime: idleRuntime } }, state, []);
  const now = (input.options?.now ?? Date.now)();
  // The time between the checkpoint and now is not known to be running time: count from now.
  state.segmentStartedAt = now;
  requeueRunning(state);
  return drive(input, state, [{ type: "run.resumed", at: now }]);
}

/** Continues a paused run whose due waitpoints are expired now (the CLI does this whenever a run is touched). */
export async function expireWaitpoints(input: Common & { state: RunState }): Promise<RunOutcome> {
  const now = (input.options?.now ?? Date.now)();
  const events = expireDueWaitpoints(input.plan, input.state, now);
  if (events.length === 0 || input.state.status !== "paused") return drive({ ...input, options: { ...input.options, runtime: idleRuntime } }, input.state, events);
  reopen(input.state, now, events);
  return drive(input, input.state, events);
}

export type ResumeProblem = { code: "NOT_PAUSED" | "NOT_FOUND" | "AMBIGUOUS" | "REFUSED" | "EXPIRED"; message: string };

export interface ResumeRunInput extends Common {
  state: RunState;
  waitpointId?: string;
  /** Picks the only open waitpoint of this node. */
  nodeId?: string;
  input?: unknown;
}

export function findWaitpoint(state: RunState, by: { waitpointId?: string; nodeId?: string }): Waitpoint | ResumeProblem {
  if (state.status !== "paused") return { code: "NOT_PAUSED", message: `the run is ${state.status}, not paused` };
  if (by.waitpointId) return state.waitpoints[by.waitpointId] ?? { code: "NOT_FOUND", message: `no open waitpoint "${by.waitpointId}"` };
  const open = Object.values(state.waitpoints).filter((wp) => wp.key.nodeId === by.nodeId);
  if (open.length === 0) return { code: "NOT_FOUND", message: `node "${by.nodeId}" has no open waitpoint` };
  if (open.length > 1) return { code: "AMBIGUOUS", message: `node "${by.nodeId}" has ${open.length} open waitpoints (${open.map((w) => w.id).join(", ")}): name one` };
  return open[0];
}

/**
 * Completes a waitpoint and continues the run. A refused input (VALIDATION_ERROR
 * from the handler) leaves the state untouched.
 */
export async function resumeRun(input: ResumeRunInput): Promise<({ ok: true } & RunOutcome) | ({ ok: false; problem: ResumeProblem } & Partial<RunOutcome>)> {
  const now = (input.options?.now ?? Date.now)();
  const found = findWaitpoint(input.state, input);
  if ("code" in found) return { ok: false, problem: found };
  if (found.expiresAt !== null && found.expiresAt <= now) {
    const outcome = await expireWaitpoints(input);
    return { ok: false, problem: { code: "EXPIRED", message: `waitpoint ${found.id} expired at ${new Date(found.expiresAt).toISOString()}` }, ...outcome };
  }
  const handler = input.plan.nodes.get(found.key.nodeId)!.handler;
  let result: ExecuteResult | undefined;
  let failure: NodeError | undefined;
  try {
    if (!handler.resume) throw new NodeError(`a ${handler.type} node can't be resumed`, ErrorCode.VALIDATION_ERROR);
    result = handler.resume(found.config, input.input ?? {}, { openedAt: found.openedAt, resumedAt: now, details: found.details });
  } catch (error) {
    if (error instanceof NodeError && error.code === ErrorCode.VALIDATION_ERROR) return { ok: false, problem: { code: "REFUSED", message: error.message } };
    failure = error instanceof NodeError ? error : new NodeError(error instanceof Error ? error.message : String(error), "INTERNAL");
  }
  const events = expireDueWaitpoints(input.plan, input.state, now);
  reopen(input.state, now, events);
  const key = found.key;
  const step =
    failure || !result || result.kind !== "done"
      ? { type: "nodeFailed" as const, key, error: { message: failure?.message ?? "resume did not complete the node", code: failure?.code ?? "INTERNAL" }, retryable: false, waitpointId: found.id }
      : { type: "nodeSucceeded" as const, key, output: result.output, handle: result.handle, variables: result.variables, waitpointId: found.id };
  events.push(...applyNow(input.plan, input.state, step, now));
  return { ok: true, ...(await drive(input, input.state, events)) };
}

/** Cancels a run that is not in flight here (e.g. paused in the store). In-flight runs are cancelled through `signal`. */
export async function cancelRun(input: Common & { state: RunState }): Promise<RunOutcome> {
  const now = (input.options?.now ?? Date.now)();
  const { events } = applyMachine(input.state, { type: "cancel" }, { plan: input.plan, env: input.env ?? {}, now });
  return drive({ ...input, options: { ...input.options, runtime: idleRuntime } }, input.state, events);
}

/** A runtime for state changes that dispatch nothing. */
const idleRuntime = (): Runtime => ({ dispatch() {}, next: async () => [], inFlight: () => 0, abort() {} });
