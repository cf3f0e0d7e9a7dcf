/**
 * The run view model: ONE pure reducer that turns what a run reports (engine events as they
 * stream, and run-result snapshots of spec section 6) into what the canvas and the run panel
 * draw. The embedded runtime's SSE stream and, later, the Trigger.dev path feed the same actions.
 * No React, no browser: unit-tested in test/canvas/run-view-model.test.ts.
 */
import { formatDuration } from "./run-format";
import { appendLive, clearLive, dropLive, type LiveText } from "./live-text";
import { recordUsage, type CallUsage } from "./run-usage";

export { formatDuration };

export type RunStatus = "pending" | "running" | "paused" | "completed" | "failed" | "cancelled";
/** What a node shows: the engine's node statuses, "queued" for a node not reached yet in a live run, and routed failures. */
export type NodeViewStatus = "queued" | "running" | "completed" | "failed" | "error-routed" | "skipped" | "paused" | "cancelled";

export type ErrorInfo = { message: string; code?: string };
export type PathSegment = { container: string; index: number };
export type NodeKey = { nodeId: string; path: PathSegment[] };

/** Engine events (lib/engine/state/events.ts) as they arrive over the wire: only the fields read here. */
export type WireEvent =
  | { type: "run.started"; runId?: string; at: number }
  | { type: "run.paused"; at: number }
  | { type: "run.resumed"; at: number }
  | { type: "run.finished"; status: RunStatus; error?: { message: string; nodeId: string }; at: number }
  | { type: "node.started"; key: NodeKey; attempt: number; at: number }
  | { type: "node.completed"; key: NodeKey; output?: unknown; handle: string; durationMs: number; at: number }
  | { type: "node.failed"; key: NodeKey; error: ErrorInfo; errorRouted: boolean; attempts: number; output?: unknown; at: number }
  | { type: "node.retrying"; key: NodeKey; attempt: number; delayMs: number; error: ErrorInfo; at: number }
  | { type: "node.skipped"; key: NodeKey; at: number }
  | { type: "node.paused"; key: NodeKey; waitpointId: string; kind: string; expiresAt: number | null; at: number }
  | { type: "node.cancelled"; key: NodeKey; at: number }
  | { type: "iteration.started"; key: NodeKey; index: number; at: number }
  | { type: "iteration.finished"; key: NodeKey; index: number; failed: boolean; at: number };

/** The run result of spec section 6 (GET /api/runs/:id), as far as the view reads it. */
export type RunResultSnapshot = {
  runId: string;
  status: RunStatus;
  error?: { message: string; nodeId: string };
  nodes: Record<
    string,
    {
      status: string;
      output?: unknown;
      error?: ErrorInfo;
      errorRouted?: boolean;
      attempts?: number;
      startedAt?: string;
      durationMs?: number;
      iterations?: unknown[];
    }
  >;
  waiting?: { id: string; nodeId: string; kind: string; url?: string; expiresAt?: string; path?: PathSegment[] }[];
  outputs?: Record<string, unknown>;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
};

export type NodeView = {
  status: NodeViewStatus;
  attempts: number;
  startedAt?: number;
  durationMs?: number;
  /** The handle the node selected when it completed ("error" when its failure was routed). */
  handle?: string;
  output?: unknown;
  hasOutput: boolean;
  error?: ErrorInfo;
  /** A retry is waiting: the next attempt and its delay. */
  retrying?: { attempt: number; delayMs: number; error: ErrorInfo };
  /** Containers: iterations or branches started and finished; body nodes: instances that ran. */
  iterations?: { started: number; finished: number; failed: number };
  instances?: { completed: number; failed: number; running: number };
  /** Streamed text (llm tokens) of instances still running, per instance: see ./live-text.ts. */
  live?: LiveText[];
};

export type Waiting = { waitpointId: string; nodeId: string; kind: string; expiresAt?: number; url?: string; path: PathSegment[] };

export type TimelineTone = "info" | "success" | "error" | "warning" | "muted";
export type TimelineEntry = { seq: number; at: number; type: string; nodeId?: string; path: PathSegment[]; text: string; tone: TimelineTone };

export type RunView = {
  runId: string;
  status: RunStatus;
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  error?: { message: string; nodeId: string };
  nodes: Record<string, NodeView>;
  waiting: Waiting[];
  timeline: TimelineEntry[];
  outputs?: Record<string, unknown>;
  /** LLM usage per instance (any depth), by ./run-usage.ts instanceKey: summed by runUsageOf. */
  usage?: Record<string, CallUsage>;
  /** The highest event seq applied: later replays of the same events change nothing. */
  lastSeq: number;
};

export type RunViewAction =
  | { type: "event"; seq: number; event: WireEvent }
  | { type: "snapshot"; result: RunResultSnapshot }
  | { type: "status"; status: RunStatus }
  /** A live `node.chunk` SSE message (no seq: transient, never replayed). */
  | { type: "chunk"; key: NodeKey; text: string };

/** The timeline keeps the latest entries: a long loop must not grow the page without bound. */
export const TIMELINE_LIMIT = 500;

export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(["completed", "failed", "cancelled"]);
export const isTerminal = (status: RunStatus) => TERMINAL_STATUSES.has(status);

export function initialRunView(runId: string, nodeIds: readonly string[], status: RunStatus = "running"): RunView {
  const nodes: Record<string, NodeView> = {};
  for (const id of nodeIds) nodes[id] = { status: "queued", attempts: 0, hasOutput: false };
  return { runId, status, nodes, waiting: [], timeline: [], lastSeq: -1 };
}

const keyText = (key: NodeKey) =>
  key.nodeId + key.path.map((s) => ` [${s.container} #${s.index + 1}]`).join("");

function ms(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

function node(view: RunView, id: string): NodeView {
  return view.nodes[id] ?? { status: "queued", attempts: 0, hasOutput: false };
}

function withNode(view: RunView, id: string, change: (n: NodeView) => NodeView): RunView {
  return { ...view, nodes: { ...view.nodes, [id]: change(node(view, id)) } };
}

/** A body node's instances (inside loops and parallels): the node shows its latest instance's status. */
function countInstance(n: NodeView, from: NodeViewStatus, to: NodeViewStatus): NodeView["instances"] {
  const c = { ...(n.instances ?? { completed: 0, failed: 0, running: 0 }) };
  if (from === "running") c.running = Math.max(0, c.running - 1);
  if (to === "running") c.running += 1;
  if (to === "completed") c.completed += 1;
  if (to === "failed" || to === "error-routed") c.failed += 1;
  return c;
}

function setStatus(view: RunView, key: NodeKey, status: NodeViewStatus, extra: Partial<NodeView> = {}): RunView {
  return withNode(view, key.nodeId, (n) => {
    const nested = key.path.length > 0;
    return { ...n, ...extra, status, ...(nested ? { instances: countInstance(n, n.status, status) } : {}) };
  });
}

function addTimeline(view: RunView, entry: TimelineEntry): RunView {
  const timeline = view.timeline.length >= TIMELINE_LIMIT ? view.timeline.slice(-(TIMELINE_LIMIT - 1)) : view.timeline.slice();
  timeline.push(entry);
  return { ...view, timeline };
}

const sameKey = (a: { nodeId: string; path: PathSegment[] }, b: NodeKey) =>
  a.nodeId === b.nodeId && JSON.stringify(a.path) === JSON.stringify(b.path);

function applyEvent(view: RunView, seq: number, e: WireEvent): RunView {
  const base = { seq, at: e.at, type: e.type, path: "key" in e ? e.key.path : [] };
  const at = (nodeId: string) => ({ ...base, nodeId });
  switch (e.type) {
    case "run.started":
      return addTimeline({ ...view, status: "running", startedAt: view.startedAt ?? e.at }, { ...base, text: "Run started", tone: "info" });
    case "run.paused":
      return addTimeline({ ...view, status: "paused" }, { ...base, text: "Run paused: waiting for people", tone: "warning" });
    case "run.resumed":
      return addTimeline({ ...view, status: "running" }, { ...base, text: "Run resumed", tone: "info" });
    case "run.finished": {
      // Nodes never reached stay "queued" while the run lives; once it ends they were skipped.
      const nodes = Object.fromEntries(
        Object.entries(view.nodes).map(([id, n]) => [id, n.status === "queued" ? { ...n, status: "skipped" as const } : n]),
      );
      const next: RunView = {
        ...view,
        nodes,
        status: e.status,
        finishedAt: e.at,
        durationMs: view.startedAt !== undefined ? e.at - view.startedAt : view.durationMs,
        waiting: [],
        ...(e.error ? { error: e.error } : {}),
      };
      const text = e.status === "completed" ? "Run completed" : e.status === "failed" ? `Run failed${e.error ? `: ${e.error.message}` : ""}` : `Run ${e.status}`;
      return addTimeline(next, { ...base, text, tone: e.status === "completed" ? "success" : e.status === "failed" ? "error" : "muted" });
    }
    case "node.started": {
      const next = setStatus(view, e.key, "running", {
        attempts: e.attempt,
        ...(e.key.path.length === 0 ? { startedAt: e.at, retrying: undefined } : {}),
      });
      return addTimeline(next, { ...at(e.key.nodeId), text: `${keyText(e.key)} started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ""}`, tone: "info" });
    }
    case "node.completed": {
      const top = e.key.path.length === 0;
      const next = setStatus(view, e.key, "completed", {
        handle: e.handle,
        ...(top ? { durationMs: e.durationMs, output: e.output, hasOutput: true, error: undefined, retrying: undefined } : {}),
      });
      const route = e.handle && e.handle !== "source" ? ` → ${e.handle}` : "";
      return addTimeline(
        { ...recordUsage(next, e.key, e.output), waiting: next.waiting.filter((w) => !sameKey(w, e.key)) },
        { ...at(e.key.nodeId), text: `${keyText(e.key)} completed${route} in ${formatDuration(e.durationMs)}`, tone: "success" },
      );
    }
    case "node.failed": {
      const top = e.key.path.length === 0;
      const n = node(view, e.key.nodeId);
      const next = setStatus(view, e.key, e.errorRouted ? "error-routed" : "failed", {
        ...(top
          ? {
              error: e.error,
              attempts: e.attempts,
              handle: e.errorRouted ? "error" : undefined,
              durationMs: n.startedAt !== undefined ? Math.max(0, e.at - n.startedAt) : n.durationMs,
              retrying: undefined,
              ...(e.output !== undefined ? { output: e.output, hasOutput: true } : {}),
            }
          : {}),
      });
      const text = `${keyText(e.key)} failed${e.errorRouted ? " (routed to its error port)" : ""}: ${e.error.message}`;
      return addTimeline(
        { ...next, waiting: next.waiting.filter((w) => !sameKey(w, e.key)) },
        { ...at(e.key.nodeId), text, tone: e.errorRouted ? "warning" : "error" },
      );
    }
    case "node.retrying": {
      // The engine's `attempt` is the one that just failed (lib/engine/state/machine.ts); the view names the next.
      const nextAttempt = e.attempt + 1;
      const next = e.key.path.length === 0 ? withNode(view, e.key.nodeId, (n) => ({ ...n, retrying: { attempt: nextAttempt, delayMs: e.delayMs, error: e.error } })) : view;
      const text = `${keyText(e.key)} will retry as attempt ${nextAttempt} in ${formatDuration(e.delayMs)}: ${e.error.message}`;
      return addTimeline(next, { ...at(e.key.nodeId), text, tone: "warning" });
    }
    case "node.skipped":
      return addTimeline(setStatus(view, e.key, "skipped"), { ...at(e.key.nodeId), text: `${keyText(e.key)} skipped`, tone: "muted" });
    case "node.paused": {
      const next = setStatus(view, e.key, "paused");
      const waiting: Waiting = { waitpointId: e.waitpointId, nodeId: e.key.nodeId, kind: e.kind, path: e.key.path, ...(e.expiresAt !== null ? { expiresAt: e.expiresAt } : {}) };
      const already = next.waiting.some((w) => w.waitpointId === e.waitpointId);
      return addTimeline(
        { ...next, waiting: already ? next.waiting : [...next.waiting, waiting] },
        { ...at(e.key.nodeId), text: `${keyText(e.key)} is waiting for ${e.kind === "approval" ? "an approval" : "input"}`, tone: "warning" },
      );
    }
    case "node.cancelled":
      return addTimeline(setStatus(view, e.key, "cancelled"), { ...at(e.key.nodeId), text: `${keyText(e.key)} cancelled`, tone: "muted" });
    case "iteration.started":
    case "iteration.finished": {
      const next = e.key.path.length > 0 ? view : withNode(view, e.key.nodeId, (n) => {
        const it = { ...(n.iterations ?? { started: 0, finished: 0, failed: 0 }) };
        if (e.type === "iteration.started") it.started += 1;
        else {
          it.finished += 1;
          if (e.failed) it.failed += 1;
        }
        return { ...n, iterations: it };
      });
      if (e.type === "iteration.started") return next; // the body's node events say enough
      return addTimeline(next, { ...at(e.key.nodeId), text: `${keyText(e.key)} iteration ${e.index + 1} ${e.failed ? "failed" : "finished"}`, tone: e.failed ? "error" : "muted" });
    }
  }
}

const SNAPSHOT_STATUS: Record<string, NodeViewStatus> = {
  pending: "queued", running: "running", completed: "completed", failed: "failed", skipped: "skipped", paused: "paused", cancelled: "cancelled",
};

/** A run result replaces what it knows (statuses, outputs, errors, waiting with urls); events after it keep streaming in. */
function applySnapshot(view: RunView, r: RunResultSnapshot): RunView {
  const nodes = { ...view.nodes };
  for (const [id, n] of Object.entries(r.nodes)) {
    const prev = node(view, id);
    let status: NodeViewStatus = n.errorRouted ? "error-routed" : (SNAPSHOT_STATUS[n.status] ?? "queued");
    if (status === "queued" && isTerminal(r.status)) status = "skipped";
    nodes[id] = {
      ...prev,
      status,
      attempts: n.attempts ?? prev.attempts,
      startedAt: ms(n.startedAt) ?? prev.startedAt,
      durationMs: n.durationMs ?? prev.durationMs,
      ...(n.errorRouted ? { handle: "error" } : {}),
      ...("output" in n ? { output: n.output, hasOutput: true } : {}),
      ...(n.error ? { error: n.error } : {}),
      ...(Array.isArray(n.iterations) ? { iterations: { started: n.iterations.length, finished: n.iterations.length, failed: prev.iterations?.failed ?? 0 } } : {}),
    };
  }
  if (isTerminal(r.status)) for (const [id, n] of Object.entries(nodes)) if (n.status === "queued") nodes[id] = { ...n, status: "skipped" };
  const waiting: Waiting[] = (r.waiting ?? []).map((w) => ({
    waitpointId: w.id, nodeId: w.nodeId, kind: w.kind, path: w.path ?? [],
    ...(w.url ? { url: w.url } : {}),
    ...(ms(w.expiresAt) !== undefined ? { expiresAt: ms(w.expiresAt) } : {}),
  }));
  return {
    ...view,
    status: r.status,
    nodes,
    waiting: r.status === "paused" ? waiting : [],
    startedAt: ms(r.startedAt) ?? view.startedAt,
    finishedAt: ms(r.finishedAt) ?? view.finishedAt,
    durationMs: r.durationMs ?? view.durationMs,
    ...(r.error ? { error: r.error } : {}),
    ...(r.outputs ? { outputs: r.outputs } : {}),
  };
}

export function runViewReducer(view: RunView, action: RunViewAction): RunView {
  switch (action.type) {
    case "event": {
      // SSE replays after a reconnect: an event already applied is ignored.
      if (action.seq <= view.lastSeq) return view;
      const e = action.event;
      const next = { ...applyEvent(view, action.seq, e), lastSeq: action.seq };
      if (e.type === "run.finished") return clearLive(next);
      const ends = e.type === "node.completed" || e.type === "node.failed" || e.type === "node.retrying" || e.type === "node.cancelled";
      return ends ? dropLive(next, e.key) : next;
    }
    case "snapshot": {
      const next = applySnapshot(view, action.result);
      return isTerminal(next.status) ? clearLive(next) : next;
    }
    case "chunk":
      return appendLive(view, action.key, action.text);
    case "status":
      return view.status === action.status ? view : { ...view, status: action.status };
  }
}

/** Counts per status, for the progress bar. */
export function progressOf(view: RunView): { total: number; done: number; counts: Record<NodeViewStatus, number> } {
  const counts: Record<NodeViewStatus, number> = { queued: 0, running: 0, completed: 0, failed: 0, "error-routed": 0, skipped: 0, paused: 0, cancelled: 0 };
  const all = Object.values(view.nodes);
  for (const n of all) counts[n.status] += 1;
  const done = counts.completed + counts.failed + counts["error-routed"] + counts.skipped + counts.cancelled;
  return { total: all.length, done, counts };
}

export type EdgeRunState = "idle" | "active" | "taken" | "dead";

/**
 * An edge during a run: `active` (its source chose it and its target is running or about to:
 * drawn animated), `taken` (chosen, target done), `dead` (source skipped or chose another handle).
 */
export function edgeRunState(view: RunView, edge: { source: string; target: string; sourceHandle?: string | null }): EdgeRunState {
  const source = view.nodes[edge.source];
  if (!source) return "idle";
  const handle = edge.sourceHandle ?? "source";
  if (source.status === "skipped" || source.status === "cancelled" || source.status === "failed") return "dead";
  if (source.status !== "completed" && source.status !== "error-routed") return "idle";
  if ((source.handle ?? "source") !== handle) return "dead";
  const target = view.nodes[edge.target];
  if (!target || target.status === "queued" || target.status === "running" || target.status === "paused")
    return isTerminal(view.status) ? "taken" : "active";
  return "taken";
}
