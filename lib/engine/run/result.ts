/** The run result of spec section 6, from the state plus the recorded top-level outputs. */
import type { NodeErrorInfo } from "../errors";
import type { Plan } from "../plan/types";
import type { NodeStatus, NodeSummary, RunState, RunStateStatus, Waitpoint } from "../state/types";
import { summarize } from "../state/frames";

export interface NodeResult {
  status: NodeStatus;
  output?: unknown;
  error?: NodeErrorInfo;
  errorRouted?: true;
  attempts: number;
  startedAt?: string;
  durationMs?: number;
  iterations?: Record<string, NodeResult>[];
}

export interface WaitingResult {
  id: string;
  nodeId: string;
  kind: string;
  /** Inside containers: which iteration/branch. */
  path?: { container: string; index: number }[];
  url?: string;
  expiresAt?: string;
}

export interface RunResult {
  runId: string;
  status: RunStateStatus;
  outputs: Record<string, unknown>;
  error?: { message: string; nodeId: string };
  nodes: Record<string, NodeResult>;
  waiting?: WaitingResult[];
  startedAt: string;
  finishedAt?: string;
  durationMs: number;
}

export interface ResultOptions {
  now: number;
  /** Where the app serves a waitpoint (approval page), when it does. */
  waitpointUrl?(waitpoint: Waitpoint): string | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

function fromSummary(summary: NodeSummary): NodeResult {
  const out: NodeResult = { status: summary.status, attempts: summary.attempts };
  if (summary.error) out.error = summary.error;
  if (summary.errorRouted) out.errorRouted = true;
  if (summary.startedAt !== undefined) out.startedAt = iso(summary.startedAt);
  if (summary.durationMs !== undefined) out.durationMs = summary.durationMs;
  if (summary.iterations) out.iterations = summary.iterations.map((it) => Object.fromEntries(Object.entries(it ?? {}).map(([id, s]) => [id, fromSummary(s)])));
  return out;
}

/** Run-output naming: output nodes publish `{ value }` under their config `name` (or id). */
function outputEntry(plan: Plan, nodeId: string, output: unknown): [string, unknown] | undefined {
  const node = plan.nodes.get(nodeId)!;
  if (node.handler.runOutput) return node.handler.runOutput(node.config, output, nodeId);
  if (node.type !== "output") return undefined;
  const name = typeof node.config.name === "string" && node.config.name !== "" ? node.config.name : nodeId;
  const value = output && typeof output === "object" && "value" in output ? (output as { value: unknown }).value : output;
  return [name, value];
}

export function buildRunResult(plan: Plan, state: RunState, recorded: Readonly<Record<string, unknown>>, options: ResultOptions): RunResult {
  const root = state.frames[""];
  const nodes: Record<string, NodeResult> = {};
  const completed: { id: string; seq: number }[] = [];
  for (const id of plan.root.nodes) {
    const instance = root.nodes[id];
    const result = fromSummary(summarize(instance));
    if (instance.status !== "skipped" && id in recorded) result.output = recorded[id];
    nodes[id] = result;
    if (instance.status === "completed") completed.push({ id, seq: instance.settledSeq ?? 0 });
  }
  completed.sort((a, b) => a.seq - b.seq);
  let outputs: Record<string, unknown> = {};
  let named = false;
  for (const { id } of completed) {
    const entry = outputEntry(plan, id, recorded[id]);
    if (!entry) continue;
    named = true;
    outputs[entry[0]] = entry[1];
  }
  if (!named) {
    outputs = {};
    for (const { id } of completed) if (plan.nodes.get(id)!.outgoing.length === 0 && id in recorded) outputs[id] = recorded[id];
  }
  const running = state.segmentStartedAt !== null ? Math.max(0, options.now - state.segmentStartedAt) : 0;
  const result: RunResult = {
    runId: state.runId,
    status: state.status,
    outputs,
    nodes,
    startedAt: iso(state.startedAt),
    durationMs: state.activeMs + running,
  };
  if (state.error && state.status === "failed") result.error = state.error;
  const waitpoints = Object.values(state.waitpoints);
  if (waitpoints.length > 0) {
    result.waiting = waitpoints.map((wp) => {
      const waiting: WaitingResult = { id: wp.id, nodeId: wp.key.nodeId, kind: wp.kind };
      if (wp.key.path.length > 0) waiting.path = wp.key.path;
      const url = options.waitpointUrl?.(wp);
      if (url) waiting.url = url;
      if (wp.expiresAt !== null) waiting.expiresAt = iso(wp.expiresAt);
      return waiting;
    });
  }
  if (state.finishedAt !== undefined) result.finishedAt = iso(state.finishedAt);
  return result;
}
