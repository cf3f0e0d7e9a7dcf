/**
 * The run view model: ONE pure reducer that turns what a run reports (engine events as they
 * stream, and run-result snapshots of spec section 6) into what the canvas and the run panel
 * draw. The embedded runtime's SSE stream and the Trigger.dev path feed the same actions.
 * Types in ./run-view-types.ts, instance counting in ./node-instances.ts, selectors in
 * ./run-view-selectors.ts. No React, no browser: unit-tested in test/canvas/run-view-model.test.ts.
 */
import { sameKey } from "@/lib/engine/state/keys";
import { formatDuration } from "./run-format";
import { appendLive, clearLive, dropLive } from "./live-text";
import { withInstanceStatus } from "./node-instances";
import { isTerminal } from "./run-status-sets";
import { recordUsage } from "./run-usage";
import type { NodeKey, NodeView, NodeViewStatus, RunResultSnapshot, RunStatus, RunView, RunViewAction, TimelineEntry, Waiting, WireEvent } from "./run-view-types";

export type * from "./run-view-types";
export { formatDuration, isTerminal };
export { TERMINAL_STATUSES } from "./run-status-sets";
export { edgeRunState, progressOf, runningCount, type EdgeRunState } from "./run-view-selectors";

/** What a paused node waits for, by its waitpoint's kind (timeline text). */
const WAITING_FOR: Record<string, string> = { approval: "an approval", human_input: "input", workflow: "its sub-workflow" };

/** The timeline keeps the latest entries: a long loop must not grow the page without bound. */
export const TIMELINE_LIMIT = 500;


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

function setStatus(view: RunView, key: NodeKey, status: NodeViewStatus, extra: Partial<NodeView> = {}): RunView {
  return withNode(view, key.nodeId, (n) => withInstanceStatus(n, key, status, extra));
}

function addTimeline(view: RunView, entry: TimelineEntry): RunView {
  const timeline = view.timeline.length >= TIMELINE_LIMIT ? view.timeline.slice(-(TIMELINE_LIMIT - 1)) : view.timeline.slice();
  timeline.push(entry);
  return { ...view, timeline };
}

function applyEvent(view: RunView, seq: number, e: WireEvent): RunView {
  const base = { seq, at: e.at, type: e.type, path: "key" in e ? e.key.path : [] };
  const at = (nodeId: string) => ({ ...base, nodeId });
  switch (e.type) {
    case "run.started":
      return addTimeline({ ...view, status: "running", startedAt: view.startedAt ?? e.at }, { ...base, text: "Run started", tone: "info" });
    case "run.paused":
      return addTimeline({ ...view, status: "paused" }, { ...base, text: "Run paused: waiting for people", tone: "warning" });
    case "run.recovered":
      return addTimeline({ ...view, status: "running" }, { ...base, text: "Run recovered after a restart", tone: "info" });
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
      // A node that waited and goes on (an agent whose tool's child run ended) starts again: it waits no more.
      const wasWaiting = view.waiting.some((w) => sameKey(w, e.key));
      const next = setStatus(view, e.key, "running", {
        attempts: e.attempt,
        ...(e.key.path.length === 0 ? { startedAt: e.at, retrying: undefined } : {}),
      });
      const text = wasWaiting ? `${keyText(e.key)} goes on after its wait` : `${keyText(e.key)} started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ""}`;
      return addTimeline(wasWaiting ? { ...next, waiting: next.waiting.filter((w) => !sameKey(w, e.key)) } : next, { ...at(e.key.nodeId), text, tone: "info" });
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
        { ...at(e.key.nodeId), text: `${keyText(e.key)} is waiting for ${WAITING_FOR[e.kind] ?? "input"}`, tone: "warning" },
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

/**
 * A run result read while the run goes on can be older than the events already applied: events are
 * sent the moment they happen, the result is read from the store. Such a result would put the view
 * back (a finished run shown running, a resumed one paused), so it is not applied; the reader asks
 * again. `seq` is the last event the result reflects (absent: unknown, or the run ended). An ended
 * run's result is final and always applies; a view that saw the run end takes no result that has not.
 */
export function snapshotBehind(seen: { lastSeq: number; ended: boolean }, result: RunResultSnapshot, seq?: number | null): boolean {
  if (isTerminal(result.status)) return false;
  if (seen.ended) return true;
  return seq !== undefined && seq !== null && seq < seen.lastSeq;
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
      if (snapshotBehind({ lastSeq: view.lastSeq, ended: isTerminal(view.status) }, action.result, action.seq)) return view;
      const next = applySnapshot(view, action.result);
      return isTerminal(next.status) ? clearLive(next) : next;
    }
    case "chunk":
      return appendLive(view, action.key, action.text, action.offset);
    case "status":
      return view.status === action.status ? view : { ...view, status: action.status };
  }
}
