/**
 * The run state machine: `apply(state, input, env)` is the only way a RunState
 * changes. It is deterministic (same state + input + env -> same next state and
 * events) and keeps no data outside the state. For speed it updates the state
 * value in place and returns it; clone first (JSON or structuredClone) to keep
 * an older snapshot.
 */
import type { NodeErrorInfo } from "../errors";
import type { Plan } from "../plan/types";
import { capOutput } from "./capping";
import { finishIteration, pumpContainer, startContainer } from "./containers";
import type { RunEvent } from "./events";
import { frameKey } from "./keys";
import type { Frame, NodeInstance, NodeKey, RunState, WaitpointKind } from "./types";

export interface MachineEnv {
  plan: Plan;
  env: Readonly<Record<string, string>>;
  now: number;
}

export interface PauseInput {
  id: string;
  kind: WaitpointKind;
  timeoutMs: number;
  details: Record<string, unknown>;
  config: unknown;
}

export type StateInput =
  | { type: "nodeStarted"; key: NodeKey; redispatch?: true }
  | { type: "nodeSucceeded"; key: NodeKey; output: unknown; handle?: string; variables?: Record<string, unknown>; waitpointId?: string }
  | { type: "nodeFailed"; key: NodeKey; error: NodeErrorInfo; retryable: boolean; waitpointId?: string }
  | { type: "nodePaused"; key: NodeKey; pause: PauseInput }
  /** A waitpoint's answer sends its node back to run again with `carry` (handler ContinueResult), the same attempt. */
  | { type: "nodeContinued"; key: NodeKey; waitpointId: string; carry: Record<string, unknown> }
  /** Stops everything; with `error` (a failure such as the run's time limit) the run ends failed, not cancelled. */
  | { type: "cancel"; error?: { message: string; nodeId: string } };

type Work = { kind: "ready"; fk: string; nodeId: string } | { kind: "settle"; fk: string; nodeId: string } | { kind: "frameEnded"; fk: string } | { kind: "pump"; fk: string; nodeId: string };

/** One application of an input; container logic (containers.ts) works through it. */
export class Transition {
  readonly events: RunEvent[] = [];
  private work: Work[] = [];

  constructor(
    readonly state: RunState,
    readonly env: MachineEnv,
  ) {}

  get plan(): Plan {
    return this.env.plan;
  }

  emit(event: RunEvent): void {
    this.events.push(event);
  }

  schedule(item: Work): void {
    this.work.push(item);
  }

  drain(): void {
    for (let item = this.work.shift(); item; item = this.work.shift()) {
      if (item.kind === "ready") this.ready(item.fk, item.nodeId);
      else if (item.kind === "settle") this.settle(item.fk, item.nodeId);
      else if (item.kind === "pump") pumpContainer(this, item.fk, item.nodeId);
      else this.frameEnded(item.fk);
    }
  }

  instance(fk: string, nodeId: string): { frame: Frame; node: NodeInstance } | undefined {
    const frame = this.state.frames[fk];
    const node = frame?.nodes[nodeId];
    return node ? { frame, node } : undefined;
  }

  private ready(fk: string, nodeId: string): void {
    const planNode = this.plan.nodes.get(nodeId)!;
    if (planNode.body) startContainer(this, fk, nodeId);
    else this.state.ready.push({ key: { nodeId, path: this.state.frames[fk].path }, delayMs: 0 });
  }

  skip(fk: string, nodeId: string): void {
    const { frame, node } = this.instance(fk, nodeId)!;
    node.status = "skipped";
    this.emit({ type: "node.skipped", key: { nodeId, path: frame.path }, at: this.env.now });
    this.schedule({ kind: "settle", fk, nodeId });
  }

  /** Completes a node (handlers and containers): stores the capped output when a reader may still need it. */
  complete(fk: string, nodeId: string, output: unknown, handle = "source"): void {
    const { frame, node } = this.instance(fk, nodeId)!;
    const capped = capOutput(output === undefined ? null : output, this.state.options.outputCapBytes);
    node.status = "completed";
    node.handle = handle;
    node.finishedAt = this.env.now;
    this.keep(frame, nodeId, capped);
    const durationMs = node.finishedAt - (node.startedAt ?? node.finishedAt);
    this.emit({ type: "node.completed", key: { nodeId, path: frame.path }, output: capped, handle, durationMs, at: this.env.now });
    this.settle(fk, nodeId);
  }

  /** Fails a node for good: routed to its error edges when it has some. */
  fail(fk: string, nodeId: string, error: NodeErrorInfo): void {
    const { frame, node } = this.instance(fk, nodeId)!;
    const planNode = this.plan.nodes.get(nodeId)!;
    node.status = "failed";
    node.error = { message: error.message, code: error.code };
    node.finishedAt = this.env.now;
    const key = { nodeId, path: frame.path };
    if (planNode.hasErrorEdge) {
      node.errorRouted = true;
      const output = { error: node.error };
      this.keep(frame, nodeId, output);
      this.emit({ type: "node.failed", key, error: node.error, errorRouted: true, attempts: node.attempts, output, at: this.env.now });
    } else {
      frame.failed ??= { nodeId, error: node.error };
      if (frame.path.length === 0) this.state.error ??= { message: error.message, nodeId };
      this.emit({ type: "node.failed", key, error: node.error, errorRouted: false, attempts: node.attempts, at: this.env.now });
    }
    this.settle(fk, nodeId);
  }

  private keep(frame: Frame, nodeId: string, output: unknown): void {
    if ((frame.refs[nodeId] ?? 0) > 0 || this.plan.nodes.get(nodeId)!.keepUntilFrameEnd) frame.outputs[nodeId] = output;
  }

  /** Resolves the node's outgoing edges, releases what it read, and closes the frame when it was the last. */
  private settle(fk: string, nodeId: string): void {
    const { frame, node } = this.instance(fk, nodeId)!;
    const planNode = this.plan.nodes.get(nodeId)!;
    node.settledSeq = ++this.state.counters.settled;
    for (const edge of planNode.outgoing) {
      const active =
        node.status === "completed" ? edge.kind !== "error" && edge.handle === (node.handle ?? "source") : node.status === "failed" && node.errorRouted === true && edge.kind === "error";
      frame.edges[edge.id] = active ? "active" : "inactive";
      const target = frame.nodes[edge.target];
      target.waitingOn--;
      if (active) target.activated = true;
      if (target.waitingOn === 0 && target.status === "pending") {
        if (target.activated) this.schedule({ kind: "ready", fk, nodeId: edge.target });
        else this.skip(fk, edge.target);
      }
    }
    for (const producerId of planNode.reads) {
      const producer = this.plan.nodes.get(producerId);
      if (!producer || producer.scope !== planNode.scope) continue;
      const left = (frame.refs[producerId] ?? 0) - 1;
      frame.refs[producerId] = left;
      if (left <= 0 && !producer.keepUntilFrameEnd) delete frame.outputs[producerId];
    }
    frame.open--;
    if (frame.open === 0) this.schedule({ kind: "frameEnded", fk });
  }

  private frameEnded(fk: string): void {
    const frame = this.state.frames[fk];
    if (frame.path.length > 0) return finishIteration(this, fk);
    if (this.state.status === "cancelled") return;
    this.state.status = this.state.error ? "failed" : "completed";
    closeSegment(this.state, this.env.now);
    this.state.finishedAt = this.env.now;
    this.emit({ type: "run.finished", status: this.state.status, error: this.state.error, at: this.env.now });
  }
}

export function closeSegment(state: RunState, now: number): void {
  if (state.segmentStartedAt !== null) state.activeMs += Math.max(0, now - state.segmentStartedAt);
  state.segmentStartedAt = null;
}

/** Applies one input. Returns the (same, updated) state and the events it caused. */
export function apply(state: RunState, input: StateInput, env: MachineEnv): { state: RunState; events: RunEvent[] } {
  const tx = new Transition(state, env);
  if (input.type === "cancel") {
    cancelAll(tx, input.error);
    return { state, events: tx.events };
  }
  if (input.type === "nodePaused") {
    pause(tx, input.key, input.pause);
    return { state, events: tx.events };
  }
  if (input.type === "nodeContinued") {
    continueNode(tx, input);
    return { state, events: tx.events };
  }
  const fk = frameKey(input.key.path);
  const found = tx.instance(fk, input.key.nodeId);
  if (!found) return { state, events: [] };
  const { node } = found;
  if (input.type === "nodeStarted") {
    if (node.status !== "pending" && node.status !== "running") return { state, events: [] };
    // A re-dispatch after a crash is the same attempt (same idempotency key, same start time);
    // so is a node sent back by its waitpoint's answer (pending with a carry).
    const again = input.redispatch === true && node.status === "running" && node.attempts > 0;
    const continued = node.status === "pending" && node.carry !== undefined && node.attempts > 0;
    node.status = "running";
    if (!again && !continued) {
      node.attempts++;
      node.attemptStartedAt = env.now;
    }
    node.startedAt ??= env.now;
    tx.emit({ type: "node.started", key: input.key, attempt: node.attempts, ...(again ? { redispatch: true as const } : {}), at: env.now });
    return { state, events: tx.events };
  }
  const expected = input.waitpointId ? "paused" : "running";
  if (node.status !== expected) return { state, events: [] }; // a late answer (cancelled, timed out): ignored
  if (input.waitpointId) delete state.waitpoints[input.waitpointId];
  if (input.type === "nodeSucceeded") {
    if (input.variables) Object.assign(state.variables, input.variables);
    tx.complete(fk, input.key.nodeId, input.output, input.handle);
  } else {
    const planNode = env.plan.nodes.get(input.key.nodeId)!;
    if (input.retryable && !input.waitpointId && node.attempts < planNode.retry.maxAttempts) {
      const delayMs = planNode.retry.backoffMs * 2 ** (node.attempts - 1);
      tx.emit({ type: "node.retrying", key: input.key, attempt: node.attempts, delayMs, error: input.error, at: env.now });
      state.ready.push({ key: input.key, delayMs });
    } else tx.fail(fk, input.key.nodeId, input.error);
  }
  // A retry goes on from the carry too; an ended node has no more use for it.
  if (node.status !== "running") {
    delete node.carry;
    delete node.carriedFrom;
  }
  tx.drain();
  return { state, events: tx.events };
}

function pause(tx: Transition, key: NodeKey, input: PauseInput): void {
  const found = tx.instance(frameKey(key.path), key.nodeId);
  if (!found || found.node.status !== "running") return;
  found.node.status = "paused";
  const expiresAt = Number.isFinite(input.timeoutMs) && input.timeoutMs > 0 ? tx.env.now + input.timeoutMs : null;
  tx.state.waitpoints[input.id] = { id: input.id, key, kind: input.kind, openedAt: tx.env.now, expiresAt, details: input.details, config: input.config };
  tx.emit({ type: "node.paused", key, waitpointId: input.id, kind: input.kind, expiresAt, at: tx.env.now });
}

function continueNode(tx: Transition, input: { key: NodeKey; waitpointId: string; carry: Record<string, unknown> }): void {
  const found = tx.instance(frameKey(input.key.path), input.key.nodeId);
  if (!found || found.node.status !== "paused") return; // a late answer (cancelled, timed out): ignored
  delete tx.state.waitpoints[input.waitpointId];
  found.node.status = "pending";
  found.node.carry = input.carry;
  found.node.carriedFrom = input.waitpointId;
  tx.state.ready.push({ key: input.key, delayMs: 0 });
}

function cancelAll(tx: Transition, error?: { message: string; nodeId: string }): void {
  const { state, env } = tx;
  if (state.status === "completed" || state.status === "failed" || state.status === "cancelled") return;
  for (const frame of Object.values(state.frames)) {
    for (const [nodeId, node] of Object.entries(frame.nodes)) {
      if (node.status !== "pending" && node.status !== "running" && node.status !== "paused") continue;
      node.status = "cancelled";
      node.finishedAt = env.now;
      delete node.carry;
      delete node.carriedFrom;
      tx.emit({ type: "node.cancelled", key: { nodeId, path: frame.path }, at: env.now });
    }
  }
  state.waitpoints = {};
  state.ready = [];
  state.status = error ? "failed" : "cancelled";
  if (error) state.error = error;
  closeSegment(state, env.now);
  state.finishedAt = env.now;
  tx.emit({ type: "run.finished", status: state.status, ...(error ? { error } : {}), at: env.now });
}
