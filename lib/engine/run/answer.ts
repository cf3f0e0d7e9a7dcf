/**
 * Answering a waitpoint: finding it, checking the answer with the node's own `resume`, and turning
 * it into the state input that completes the node. Pure (no I/O): the run store records answers
 * and whoever holds the run applies them (lib/runs), at once or after a crash, with the same result.
 */
import { ErrorCode, NodeError } from "../errors";
import type { ContinueResult, ExecuteResult } from "../handlers/types";
import type { Plan } from "../plan/types";
import type { RunEvent } from "../state/events";
import { apply, closeSegment, type StateInput } from "../state/machine";
import { storable } from "../state/storable";
import { frameKey } from "../state/keys";
import type { RunState, Waitpoint } from "../state/types";

export type ResumeProblem = { code: "NOT_PAUSED" | "NOT_FOUND" | "AMBIGUOUS" | "REFUSED" | "EXPIRED"; message: string };

export interface WaitpointTarget {
  waitpointId?: string;
  /** Picks the only open waitpoint of this node. */
  nodeId?: string;
}

/** An open waitpoint of the state, whatever the run's status (a running run may have some open too). */
export function lookupWaitpoint(state: RunState, by: WaitpointTarget): Waitpoint | ResumeProblem {
  if (by.waitpointId) return state.waitpoints[by.waitpointId] ?? { code: "NOT_FOUND", message: `no open waitpoint "${by.waitpointId}"` };
  const open = Object.values(state.waitpoints).filter((wp) => wp.key.nodeId === by.nodeId);
  if (open.length === 0) return { code: "NOT_FOUND", message: `node "${by.nodeId}" has no open waitpoint` };
  if (open.length > 1) return { code: "AMBIGUOUS", message: `node "${by.nodeId}" has ${open.length} open waitpoints (${open.map((w) => w.id).join(", ")}): name one` };
  return open[0];
}

/** Like lookupWaitpoint, for callers that may only answer a paused run (the command line). */
export function findWaitpoint(state: RunState, by: WaitpointTarget): Waitpoint | ResumeProblem {
  if (state.status !== "paused") return { code: "NOT_PAUSED", message: `the run is ${state.status}, not paused` };
  return lookupWaitpoint(state, by);
}

/**
 * The state input that completes `waitpoint` with `input`, as the node's `resume` computes it at
 * `decidedAt`. A refused input (VALIDATION_ERROR) is a problem, and nothing changes; any other
 * error from `resume` fails the node.
 */
export function answerInput(plan: Plan, waitpoint: Waitpoint, input: unknown, decidedAt: number): { ok: true; step: StateInput } | { ok: false; problem: ResumeProblem } {
  if (waitpoint.expiresAt !== null && waitpoint.expiresAt <= decidedAt) {
    return { ok: false, problem: { code: "EXPIRED", message: `waitpoint ${waitpoint.id} expired at ${new Date(waitpoint.expiresAt).toISOString()}` } };
  }
  const handler = plan.nodes.get(waitpoint.key.nodeId)?.handler;
  let result: ExecuteResult | ContinueResult | undefined;
  let failure: NodeError | undefined;
  try {
    if (!handler?.resume) throw new NodeError(`a ${handler?.type ?? "missing"} node can't be resumed`, ErrorCode.VALIDATION_ERROR);
    result = handler.resume(waitpoint.config, input ?? {}, { openedAt: waitpoint.openedAt, resumedAt: decidedAt, details: waitpoint.details });
  } catch (error) {
    if (error instanceof NodeError && error.code === ErrorCode.VALIDATION_ERROR) return { ok: false, problem: { code: "REFUSED", message: error.message } };
    failure = error instanceof NodeError ? error : new NodeError(error instanceof Error ? error.message : String(error), "INTERNAL");
  }
  const key = waitpoint.key;
  if (!failure && result?.kind === "continue") return { ok: true, step: { type: "nodeContinued", key, waitpointId: waitpoint.id, carry: storable(result.carry) } };
  if (failure || !result || result.kind !== "done") {
    const error = { message: failure?.message ?? "resume did not complete the node", code: failure?.code ?? "INTERNAL" };
    return { ok: true, step: { type: "nodeFailed", key, error, retryable: false, waitpointId: waitpoint.id } };
  }
  const step: StateInput = { type: "nodeSucceeded", key, output: storable(result.output), handle: result.handle, variables: storable(result.variables), waitpointId: waitpoint.id };
  return { ok: true, step };
}

/** Times out open waitpoints whose `expiresAt` has passed (TIMEOUT, routable); returns the events. Pure state change. */
export function expireDueWaitpoints(plan: Plan, state: RunState, now: number, env: Readonly<Record<string, string>> = {}): RunEvent[] {
  const events: RunEvent[] = [];
  for (const wp of Object.values(state.waitpoints)) {
    if (wp.expiresAt === null || wp.expiresAt > now) continue;
    const error = { message: `no answer before ${new Date(wp.expiresAt).toISOString()}`, code: ErrorCode.TIMEOUT };
    events.push(...apply(state, { type: "nodeFailed", key: wp.key, error, retryable: false, waitpointId: wp.id }, { plan, env, now }).events);
  }
  return events;
}

/** A paused run becomes running again (an answer or an expiry arrived); returns the events. */
export function reopen(state: RunState, now: number): RunEvent[] {
  if (state.status !== "paused") return [];
  state.status = "running";
  state.segmentStartedAt = now;
  requeueRunning(state);
  return [{ type: "run.resumed", at: now }];
}

/** Attempts that were running when the state was saved (a crash, a restarted worker) run again, as the same attempts. */
export function requeueRunning(state: RunState): void {
  for (const frame of Object.values(state.frames))
    for (const [nodeId, node] of Object.entries(frame.nodes))
      if (node.status === "running" && !node.container && !state.ready.some((r) => r.key.nodeId === nodeId && frameKey(r.key.path) === frameKey(frame.path)))
        state.ready.push({ key: { nodeId, path: frame.path }, delayMs: 0, redispatch: true });
}

/** Ends the current running segment (the run stops counting time): re-exported for the driver. */
export { closeSegment };

/** An answer the run store recorded (a decided waitpoint row) that the state may not include yet. */
export interface RecordedAnswer {
  waitpointId: string;
  input: unknown;
  /** When it was decided (ms since epoch): what the node's output reports. */
  decidedAt: number;
}

/**
 * Applies recorded answers to a paused or running state, in order; answers to waitpoints that are
 * not open in the state (applied already, expired, cancelled) are skipped. Pure. The store accepted
 * each answer before its deadline and checked it with the node's `resume`, so a refusal here (the
 * node changed its mind) fails the node rather than leaving the run waiting for nobody.
 */
export function applyAnswers(
  plan: Plan,
  state: RunState,
  answers: readonly RecordedAnswer[],
  now: number,
  env: Readonly<Record<string, string>> = {},
): { events: RunEvent[]; applied: string[] } {
  const events: RunEvent[] = [];
  const applied: string[] = [];
  for (const answer of answers) {
    const waitpoint = state.waitpoints[answer.waitpointId];
    if (!waitpoint || (state.status !== "paused" && state.status !== "running")) continue;
    const decidedAt = waitpoint.expiresAt !== null ? Math.min(answer.decidedAt, waitpoint.expiresAt - 1) : answer.decidedAt;
    const found = answerInput(plan, waitpoint, answer.input, decidedAt);
    const step: StateInput = found.ok
      ? found.step
      : { type: "nodeFailed", key: waitpoint.key, error: { message: found.problem.message, code: ErrorCode.VALIDATION_ERROR }, retryable: false, waitpointId: waitpoint.id };
    events.push(...reopen(state, now));
    events.push(...apply(state, step, { plan, env, now }).events);
    applied.push(answer.waitpointId);
  }
  return { events, applied };
}
