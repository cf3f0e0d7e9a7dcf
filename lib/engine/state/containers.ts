/**
 * Loop and parallel containers inside the state machine: iterations are frames
 * of the body sub-plan; results are collected in index order within the output cap.
 */
import { ErrorCode, NodeError, type NodeErrorInfo } from "../errors";
import type { ContainerDescriptor } from "../handlers/types";
import { evaluate, resolveValue } from "../templates/compile";
import { estimateSize, truncatedItems } from "./capping";
import { createFrame, summarizeFrame } from "./frames";
import { frameKey } from "./keys";
import type { Transition } from "./machine";
import { buildScope } from "./scope";
import type { ContainerState } from "./types";

/** Every loop mode and parallels stop here; beyond it the container fails with LOOP_LIMIT. */
export const HARD_ITERATION_CAP = 10_000;

const limitError = (): NodeErrorInfo => ({ message: `more than ${HARD_ITERATION_CAP.toLocaleString("en")} iterations (the hard limit)`, code: ErrorCode.LOOP_LIMIT });

function descriptorOf(tx: Transition, nodeId: string): ContainerDescriptor<unknown> {
  return tx.plan.nodes.get(nodeId)!.handler.container as ContainerDescriptor<unknown>;
}

export function startContainer(tx: Transition, fk: string, nodeId: string): void {
  const { frame, node } = tx.instance(fk, nodeId)!;
  const planNode = tx.plan.nodes.get(nodeId)!;
  const key = { nodeId, path: frame.path };
  node.status = "running";
  node.attempts = 1;
  node.startedAt = tx.env.now;
  tx.emit({ type: "node.started", key, attempt: 1, at: tx.env.now });
  const scope = buildScope(tx.state, tx.env, key);
  const resolved = evaluate(planNode.compiled, scope);
  const parsed = planNode.handler.configSchema.safeParse(resolved);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${["config", ...i.path].join(".")}: ${i.message}`).join("; ");
    return tx.fail(fk, nodeId, { message: `invalid config: ${detail}`, code: ErrorCode.VALIDATION_ERROR });
  }
  let plan;
  try {
    plan = descriptorOf(tx, nodeId).plan(parsed.data);
  } catch (error) {
    return tx.fail(fk, nodeId, asErrorInfo(error));
  }
  if (plan.total !== null && plan.total > HARD_ITERATION_CAP) return tx.fail(fk, nodeId, limitError());
  node.container = {
    plan,
    config: parsed.data as Record<string, unknown>,
    next: 0,
    running: [],
    results: [],
    resultSizes: [],
    resultBytes: 0,
    droppedFrom: null,
    stopped: false,
    iterations: [],
    previous: {},
  };
  tx.schedule({ kind: "pump", fk, nodeId });
}

function asErrorInfo(error: unknown): NodeErrorInfo {
  if (error instanceof NodeError) return { message: error.message, code: error.code };
  return { message: error instanceof Error ? error.message : String(error), code: ErrorCode.VALIDATION_ERROR };
}

/** Starts iterations while allowed; finishes the container when none runs and none is left. */
export function pumpContainer(tx: Transition, fk: string, nodeId: string): void {
  const found = tx.instance(fk, nodeId);
  if (!found || found.node.status !== "running" || !found.node.container) return;
  const { frame, node } = found;
  const cs = node.container!;
  const descriptor = descriptorOf(tx, nodeId);
  const body = tx.plan.nodes.get(nodeId)!.body!;
  while (!cs.stopped && cs.running.length < cs.plan.concurrency) {
    const index = cs.next;
    if (cs.plan.total !== null && index >= cs.plan.total) cs.stopped = true;
    else if (cs.plan.total === null && cs.plan.maxIterations !== null && index >= cs.plan.maxIterations) cs.stopped = true;
    else if (index >= HARD_ITERATION_CAP) return tx.fail(fk, nodeId, limitError());
    else if (descriptor.shouldContinue) {
      try {
        const scope = buildScope(tx.state, tx.env, { nodeId, path: frame.path });
        if (!descriptor.shouldContinue(cs.config, (value) => resolveValue(value, scope), index)) cs.stopped = true;
      } catch (error) {
        return tx.fail(fk, nodeId, asErrorInfo(error));
      }
    }
    if (cs.stopped) break;
    cs.next++;
    cs.running.push(index);
    const path = [...frame.path, { container: nodeId, index }];
    const iteration = createFrame(tx.plan, body, path, { name: descriptor.binding, value: descriptor.bindings(cs.plan, index) });
    const ik = frameKey(path);
    tx.state.frames[ik] = iteration;
    tx.emit({ type: "iteration.started", key: { nodeId, path: frame.path }, index, at: tx.env.now });
    for (const entry of body.entries) tx.schedule({ kind: "ready", fk: ik, nodeId: entry });
    if (iteration.open === 0) tx.schedule({ kind: "frameEnded", fk: ik });
  }
  if (cs.running.length > 0 || !cs.stopped) return;
  if (cs.failure) {
    const { index, error } = cs.failure;
    return tx.fail(fk, nodeId, { message: descriptor.failureMessage(index, error.message), code: error.code });
  }
  const count = cs.next;
  const end = cs.droppedFrom ?? count;
  const results: unknown[] = [];
  for (let i = 0; i < end; i++) results.push(cs.results[i] ?? null);
  if (cs.droppedFrom !== null) results.push(truncatedItems(count - cs.droppedFrom));
  tx.complete(fk, nodeId, descriptor.output(results, count));
}

/** An iteration's frame closed: record its result or failure, drop the frame, continue the container. */
export function finishIteration(tx: Transition, ik: string): void {
  const iteration = tx.state.frames[ik];
  const last = iteration.path[iteration.path.length - 1];
  const fk = frameKey(iteration.path.slice(0, -1));
  const { frame, node } = tx.instance(fk, last.container)!;
  const cs = node.container!;
  const planNode = tx.plan.nodes.get(last.container)!;
  cs.iterations[last.index] = summarizeFrame(iteration);
  if (iteration.failed) {
    if (!cs.failure || last.index < cs.failure.index) cs.failure = { index: last.index, error: iteration.failed.error };
    cs.stopped = true;
  } else {
    const terminals = planNode.body!.terminals;
    const result =
      terminals.length === 0
        ? null
        : terminals.length === 1
          ? (iteration.outputs[terminals[0]] ?? null)
          : Object.fromEntries(terminals.map((id) => [id, iteration.outputs[id] ?? null]));
    addResult(cs, last.index, result, tx.state.options.outputCapBytes);
  }
  cs.previous = {};
  for (const id of planNode.reads) if (tx.plan.nodes.get(id)?.scope === last.container) cs.previous[id] = iteration.outputs[id] ?? null;
  delete tx.state.frames[ik];
  cs.running = cs.running.filter((i) => i !== last.index);
  tx.emit({ type: "iteration.finished", key: { nodeId: last.container, path: frame.path }, index: last.index, failed: Boolean(iteration.failed), at: tx.env.now });
  tx.schedule({ kind: "pump", fk, nodeId: last.container });
}

/** Keeps results within the output cap: past it, the highest indexes are dropped (the output is truncated from the end). */
function addResult(cs: ContainerState, index: number, result: unknown, capBytes: number): void {
  if (cs.droppedFrom !== null && index >= cs.droppedFrom) return;
  const size = estimateSize(result, capBytes);
  cs.results[index] = result;
  cs.resultSizes[index] = size;
  cs.resultBytes += size;
  let h = (cs.droppedFrom ?? cs.resultSizes.length) - 1;
  while (cs.resultBytes > capBytes && h >= 0) {
    if (cs.resultSizes[h] !== undefined && cs.resultSizes[h] !== null) {
      cs.resultBytes -= cs.resultSizes[h];
      delete cs.results[h];
      delete cs.resultSizes[h];
      cs.droppedFrom = h;
    }
    h--;
  }
}
