/**
 * Turns the engine's checkpoints into run-store checkpoints: numbered run_events, the node_runs
 * rows that changed, and either the full snapshot or the engine's journal since the previous
 * checkpoint (docs/performance.md, "persisted chain"). The snapshot is sent when the journal is
 * not exact, the run is not `running`, a waitpoint opened or closed (waitpoint rows follow the
 * state in the same write), nothing was written yet, the checkpoint has no events (its seq would
 * not move past the snapshot's), or `snapshotEvery` checkpoints passed. Events get their seq the
 * moment they happen (`onNumbered`, for live readers); they are stored at the next checkpoint.
 */
import { capOutput, estimateSize, instanceKey, storable, type CheckpointJournal, type JournalEntry, type NodeTask, type RunEvent, type RunHooks, type RunState, type Waitpoint } from "../engine";
import type { CheckpointInput, NodeRunInput, OpenWaitpointInput, RunEventInput } from "./store";

export interface RunRecorderOptions {
  /** The seq the next event gets (0 for a new run; last stored seq + 1 on resume). */
  nextSeq: number;
  /**
   * Writes a checkpoint (`checkpoint.state` may be absent: then it carries the journal; `state`
   * is the run's state after it either way); when absent, checkpoints are merged and kept for `drain()`.
   */
  write?(checkpoint: CheckpointInput, state: RunState): Promise<void>;
  /** Every event with its seq, when it happens (before it is stored). */
  onNumbered?(event: RunEventInput & { seq: number }): void;
  /** Masks what is stored of a node's resolved input (events arrive masked already). */
  mask?<T>(value: T): T;
  /** A full snapshot at least every this many written checkpoints (default 100). */
  snapshotEvery?: number;
  /**
   * Without `write`: once what is kept for `drain()` passes `afterBytes` (JSON size of its events,
   * roughly), it is written with `write` and every later checkpoint too, as with `write` given. The
   * command line keeps small runs for one write at the end (or none) and memory bounded for big ones.
   */
  spill?: { afterBytes: number; write(checkpoint: CheckpointInput, state: RunState): Promise<void> };
  /**
   * The nodes whose outputs are model calls (llm): only their node runs record `usage` (tokens,
   * cost), so a node that copies an llm output is not counted twice. Absent: every node's.
   */
  reportsUsage?(nodeId: string): boolean;
  /**
   * The durability rule (docs/spec/workflow-format.md, "Durability"): a checkpoint is kept in
   * memory, merged into the next, while the run is running with no waitpoint open, every node event
   * since the last write is of a pure node and no node with effects is ready to start; at most
   * `maxMs` after the last write, `maxEvents` events and `maxBytes` of them (JSON size, roughly).
   * Replaying pure nodes after a crash changes nothing anyone relied on.
   */
  deferPure?: { isPure(nodeId: string): boolean; maxMs: number; maxEvents: number; maxBytes: number; now?(): number };
  /**
   * Checkpoints of a run that ended (completed, failed, cancelled) are kept for `drain()`: the
   * caller writes the last one together with the run's end, one transaction (lib/runs/session.ts).
   */
  holdEnd?: boolean;
}

export interface RunRecorder {
  hooks: RunHooks;
  /** Everything recorded and not written yet, as one checkpoint with the full state (null when nothing is pending). */
  drain(): CheckpointInput | null;
  /** The seq the next event would get. */
  nextSeq(): number;
  /** Events numbered and not written yet (live readers that connect now get them from here). */
  unwritten(): readonly (RunEventInput & { seq: number })[];
  /** Whether checkpoints are written as they come (`write`, or `spill` once past its size). */
  writing(): boolean;
}

/**
 * A snapshot is also written once the journals since the last one hold this many bytes (or as many
 * as the last snapshot's own size, when larger): whoever loads the run (its result polled over the
 * API, a recovery) replays at most that, not 100 checkpoints of 100 KB outputs.
 */
export const SNAPSHOT_AFTER_BYTES = 4 * 1024 * 1024;
/** Sizes are counted up to this per event or journal: enough to decide every threshold here. */
const SIZE_LIMIT = 8 * 1024 * 1024;

/** At most this much of a node's resolved input is stored for the run page (its output is capped separately). */
const INPUT_CAP_BYTES = 64 * 1024;
/** A node run that ended: written once, nothing changes it again, so it is not kept after its write. */
const ENDED = new Set(["completed", "failed", "skipped", "cancelled"]);
const RUN_ENDED = new Set<RunState["status"]>(["completed", "failed", "cancelled"]);

const keyOf = instanceKey;

/** The row of a waitpoint open in a run's state (details masked by the caller). */
export function waitpointRow(runId: string, wp: Waitpoint, details: Record<string, unknown>): OpenWaitpointInput {
  return { id: wp.id, runId, nodeId: wp.key.nodeId, path: wp.key.path, kind: wp.kind, details, expiresAt: wp.expiresAt === null ? null : new Date(wp.expiresAt) };
}
const at = (ms: number) => new Date(ms);

/** Token usage and cost of a node that reports them (llm: `{ usage, cost }`), for the node_runs `usage` column. */
function usageOf(output: unknown): Record<string, unknown> | undefined {
  if (typeof output !== "object" || output === null) return undefined;
  const { usage, cost } = output as { usage?: unknown; cost?: unknown };
  if (typeof usage !== "object" || usage === null || Array.isArray(usage)) return undefined;
  return { ...(usage as Record<string, unknown>), cost: cost ?? null };
}

/** Applies one event to the node_runs row of its node instance. */
function updateNodeRun(rows: Map<string, NodeRunInput>, event: RunEvent, reportsUsage: (nodeId: string) => boolean): void {
  if (!("key" in event) || event.type.startsWith("iteration.")) return;
  const id = keyOf(event.key);
  const row: NodeRunInput = rows.get(id) ?? { nodeId: event.key.nodeId, path: event.key.path, status: "pending" };
  switch (event.type) {
    case "node.started":
      Object.assign(row, { status: "running", attempts: event.attempt, startedAt: row.startedAt ?? at(event.at) });
      break;
    case "node.retrying":
      Object.assign(row, { status: "running", error: event.error });
      break;
    case "node.completed": {
      Object.assign(row, { status: "completed", output: event.output, error: undefined, finishedAt: at(event.at), durationMs: event.durationMs });
      const usage = reportsUsage(event.key.nodeId) ? usageOf(event.output) : undefined;
      if (usage) row.usage = usage;
      break;
    }
    case "node.failed":
      Object.assign(row, {
        status: "failed",
        error: event.error,
        errorRouted: event.errorRouted,
        attempts: event.attempts,
        output: event.output,
        finishedAt: at(event.at),
      });
      break;
    case "node.skipped":
      Object.assign(row, { status: "skipped", finishedAt: at(event.at) });
      break;
    case "node.paused":
      Object.assign(row, { status: "paused" });
      break;
    case "node.cancelled":
      Object.assign(row, { status: "cancelled", finishedAt: at(event.at) });
      break;
  }
  rows.set(id, row);
}

/** Whether the entries open (nodePaused) or close (an answer to a waitpoint) a waitpoint. */
const touchesWaitpoints = (entries: readonly JournalEntry[]) =>
  entries.some((e) => e.input.type === "nodePaused" || ("waitpointId" in e.input && e.input.waitpointId !== undefined));

export function createRunRecorder(options: RunRecorderOptions): RunRecorder {
  const snapshotEvery = options.snapshotEvery ?? 100;
  const mask = options.mask ?? (<T,>(value: T) => value);
  let seq = options.nextSeq;
  let events: (RunEventInput & { seq: number })[] = [];
  // Numbered and not committed yet (taken into a checkpoint whose write is still in flight included).
  let unstored: (RunEventInput & { seq: number })[] = [];
  let changed = new Map<string, NodeRunInput>();
  const known = new Map<string, NodeRunInput>();
  let state: RunState | undefined;
  let journal: CheckpointJournal = { entries: [], exact: false };
  let sinceSnapshot = Infinity; // nothing written yet: the first write is a snapshot
  // Journal bytes since the last snapshot (written or waiting), and the bytes that call for the next one.
  let journalBytes = 0;
  let snapshotAfterBytes = SNAPSHOT_AFTER_BYTES;
  let write = options.write;
  // The size of the events since the last write (JSON, roughly): without a writer, what is kept for
  // drain(), to spill past options.spill.afterBytes.
  let eventBytes = 0;
  const defer = options.deferPure;
  const clock = defer?.now ?? Date.now;
  let writtenAt = clock();
  // Set by an event of a node with effects since the last write (kept as events arrive, not rescanned).
  let effectsUnwritten = false;

  /** Whether this checkpoint may wait for the next one (see `deferPure`). */
  function deferrable(latest: RunState): boolean {
    if (!defer || latest.status !== "running" || Object.keys(latest.waitpoints).length > 0) return false;
    if (events.length >= defer.maxEvents || eventBytes >= defer.maxBytes || clock() - writtenAt >= defer.maxMs || touchesWaitpoints(journal.entries)) return false;
    // A node with effects about to start is written first, as is one that started, retried or ended.
    return !effectsUnwritten && latest.ready.every((entry) => defer.isPure(entry.key.nodeId));
  }

  function take(full: boolean): CheckpointInput | null {
    if (!state) return null;
    const snapshot =
      full ||
      !journal.exact ||
      state.status !== "running" ||
      events.length === 0 ||
      sinceSnapshot + 1 >= snapshotEvery ||
      journalBytes >= snapshotAfterBytes ||
      touchesWaitpoints(journal.entries);
    const runId = state.runId;
    const checkpoint: CheckpointInput = {
      ...(snapshot ? { state, waitpoints: Object.values(state.waitpoints).map((wp) => waitpointRow(runId, wp, mask(wp.details))) } : { journal: journal.entries }),
      seq: Math.max(seq - 1, 0),
      events,
      nodeRuns: [...changed.values()].map((row) => ({ ...row })),
      status: state.status === "paused" || state.status === "running" ? state.status : undefined,
    };
    sinceSnapshot = snapshot ? 0 : sinceSnapshot + 1;
    if (snapshot) {
      journalBytes = 0;
      snapshotAfterBytes = Math.max(SNAPSHOT_AFTER_BYTES, estimateSize(state, 64 * SNAPSHOT_AFTER_BYTES));
    }
    // Memory stays proportional to what is running, not to what ran (a 10,000-iteration loop).
    for (const [id, row] of changed) if (ENDED.has(row.status)) known.delete(id);
    events = [];
    changed = new Map();
    eventBytes = 0;
    effectsUnwritten = false;
    journal = { entries: [], exact: true };
    return checkpoint;
  }

  const track = (id: string) => {
    if (known.has(id)) changed.set(id, known.get(id)!);
  };

  const hooks: RunHooks = {
    onEvent(event) {
      const numbered = { seq: seq++, type: event.type, payload: event, createdAt: at(event.at) };
      events.push(numbered);
      unstored.push(numbered);
      eventBytes += estimateSize(event, SIZE_LIMIT);
      options.onNumbered?.(numbered);
      if (!("key" in event)) return;
      if (defer && !defer.isPure(event.key.nodeId)) effectsUnwritten = true;
      updateNodeRun(known, event, options.reportsUsage ?? (() => true));
      track(keyOf(event.key));
    },
    onDispatch(task: NodeTask) {
      const id = keyOf(task.key);
      const row = known.get(id);
      if (!row) return;
      row.input = mask(capOutput(storable(task.config), INPUT_CAP_BYTES));
      track(id);
    },
    async onCheckpoint(latest, _events, next) {
      state = latest;
      // Merged checkpoints (no writer, or one not taken yet): the journals concatenate; one inexact makes all inexact.
      journal = next ? { entries: [...journal.entries, ...next.entries], exact: journal.exact && next.exact } : { entries: [], exact: false };
      if (next) journalBytes += estimateSize(next.entries, SIZE_LIMIT);
      if (!write) {
        if (!options.spill || eventBytes < options.spill.afterBytes) return;
        write = options.spill.write;
      }
      // No transition since the last write (an exact, empty journal), nothing to store: the state
      // written last is this one. The engine's closing checkpoint after run.finished is such a one.
      if (sinceSnapshot !== Infinity && next?.exact && journal.entries.length === 0 && events.length === 0 && changed.size === 0) return;
      if (deferrable(latest) || (options.holdEnd && RUN_ENDED.has(latest.status))) return;
      const checkpoint = take(false);
      if (!checkpoint) return;
      writtenAt = clock();
      await write(checkpoint, latest);
      const stored = checkpoint.seq;
      unstored = unstored.filter((e) => e.seq > stored);
    },
  };

  return { hooks, drain: () => take(true), nextSeq: () => seq, unwritten: () => unstored, writing: () => write !== undefined };
}
