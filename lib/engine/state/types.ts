/**
 * RunState: everything a run knows, in ONE JSON-serializable value. A snapshot
 * is this value; `JSON.parse(JSON.stringify(state))` resumes identically.
 */
import type { NodeErrorInfo } from "../errors";
import type { IterationPlan } from "../handlers/types";

/** One container level of a node instance: iteration/branch `index` of `container`. */
export interface PathSegment {
  container: string;
  index: number;
}

/** A node instance: the node plus the container iterations it runs in (outermost first). */
export interface NodeKey {
  nodeId: string;
  path: PathSegment[];
}

export type NodeStatus = "pending" | "running" | "completed" | "failed" | "skipped" | "paused" | "cancelled";
/**
 * Every status a run has, stored or live: `pending` is a run recorded and not started yet (the store
 * and the views have it; an engine state never does, see RunStateStatus). The database schema and the
 * run view model use these names; there is no other list.
 */
export const RUN_STATUSES = ["pending", "running", "paused", "completed", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** The statuses an engine run state holds. */
export type RunStateStatus = Exclude<RunStatus, "pending">;

export interface NodeInstance {
  status: NodeStatus;
  /** Incoming edges not resolved yet. */
  waitingOn: number;
  /** Some incoming edge became active. */
  activated: boolean;
  attempts: number;
  /** ms since epoch: the first attempt's start. */
  startedAt?: number;
  /** When the current attempt started; kept when a crash re-dispatches it (a delay resumes with its remaining time). */
  attemptStartedAt?: number;
  finishedAt?: number;
  /** Order in which nodes settled in the run (the last output node to complete wins). */
  settledSeq?: number;
  handle?: string;
  error?: NodeErrorInfo;
  errorRouted?: boolean;
  container?: ContainerState;
  /** What the node's `resume` carried for its next execution (ContinueResult); kept until it ends, so a crash re-dispatch has it too. */
  carry?: Record<string, unknown>;
  /** The waitpoint whose answer gave the carry: names the continued execution (a runtime's idempotency key). */
  carriedFrom?: string;
}

/** What the run result shows of one body node in one iteration. */
export interface NodeSummary {
  status: NodeStatus;
  attempts: number;
  error?: NodeErrorInfo;
  errorRouted?: boolean;
  startedAt?: number;
  durationMs?: number;
  iterations?: Record<string, NodeSummary>[];
}

export interface ContainerState {
  plan: IterationPlan;
  /** The container's resolved config (deferred fields as written). */
  config: Record<string, unknown>;
  /** Index of the next iteration to start. */
  next: number;
  running: number[];
  /** Iteration results by index; entries at or after `droppedFrom` are discarded to respect the output cap. */
  results: unknown[];
  resultSizes: number[];
  resultBytes: number;
  droppedFrom: number | null;
  /** Lowest failed iteration. */
  failure?: { index: number; error: NodeErrorInfo };
  /** No further iteration starts (failure, condition false, limit). */
  stopped: boolean;
  iterations: Record<string, NodeSummary>[];
  /** Body outputs of the previous iteration that the container's own config reads (while conditions). */
  previous: Record<string, unknown>;
}

/** One execution of a scope: the top level (path []) or one container iteration. */
export interface Frame {
  path: PathSegment[];
  scope: string;
  /** `{{loop.*}}` or `{{parallel.*}}` of this iteration. */
  binding?: { name: "loop" | "parallel"; value: Record<string, unknown> };
  nodes: Record<string, NodeInstance>;
  edges: Record<string, "active" | "inactive">;
  /** Outputs still readable by a node that may run (capped). */
  outputs: Record<string, unknown>;
  /** Readers that may still run, per producer. */
  refs: Record<string, number>;
  /** Nodes not settled yet. */
  open: number;
  /** First failure in the frame that no error edge routed. */
  failed?: { nodeId: string; error: NodeErrorInfo };
}

/** People answer `approval` and `human_input`; a `workflow` waitpoint is answered by the end of its child run. */
export type WaitpointKind = "approval" | "human_input" | "workflow";

export interface Waitpoint {
  id: string;
  key: NodeKey;
  kind: WaitpointKind;
  openedAt: number;
  expiresAt: number | null;
  details: Record<string, unknown>;
  /** The node's resolved config, handed to `handler.resume`. */
  config: unknown;
}

export interface ReadyEntry {
  key: NodeKey;
  /** Wait this long before the attempt (retry backoff). */
  delayMs: number;
  /** The attempt was in flight when the run stopped (a crash): dispatch it again as the same attempt. */
  redispatch?: true;
}

export interface RunOptionsState {
  concurrency: number;
  outputCapBytes: number;
}

export interface RunState {
  version: 1;
  runId: string;
  status: RunStateStatus;
  trigger: { kind: string; nodeId?: string; payload: unknown; parent?: { runId: string; nodeId: string }; file?: string };
  inputs: unknown;
  variables: Record<string, unknown>;
  frames: Record<string, Frame>;
  waitpoints: Record<string, Waitpoint>;
  /** Node instances ready to be dispatched, in order. */
  ready: ReadyEntry[];
  error?: { message: string; nodeId: string };
  startedAt: number;
  finishedAt?: number;
  /** Running time of finished segments; the current segment began at `segmentStartedAt`. */
  activeMs: number;
  segmentStartedAt: number | null;
  counters: { settled: number; dispatched: number };
  options: RunOptionsState;
}
