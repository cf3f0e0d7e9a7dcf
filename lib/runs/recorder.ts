/**
 * Turns the engine's checkpoints into run-store checkpoints: numbered run_events,
 * the node_runs rows that changed, and the snapshot. The CLI and the app both
 * record runs through this one mapping; waitpoint rows follow the snapshot
 * (see ./waitpoint-sync.ts).
 */
import type { NodeKey, RunEvent, RunHooks, RunState } from "../engine";
import type { CheckpointInput, NodeRunInput, RunEventInput } from "./store";

export interface RunRecorderOptions {
  /** The seq the next event gets (0 for a new run; last stored seq + 1 on resume). */
  nextSeq: number;
  /** Writes a checkpoint; when absent, checkpoints are merged and kept for `drain()`. */
  write?(checkpoint: CheckpointInput): Promise<void>;
}

export interface RunRecorder {
  hooks: RunHooks;
  /** Everything recorded and not written yet, as one checkpoint (null when nothing is pending). */
  drain(): CheckpointInput | null;
  /** The seq the next event would get. */
  nextSeq(): number;
}

const keyOf = (key: NodeKey) => JSON.stringify([key.nodeId, key.path]);
const at = (ms: number) => new Date(ms);

/** Token usage and cost of a node that reports them (llm: `{ usage, cost }`), for the node_runs `usage` column. */
function usageOf(output: unknown): Record<string, unknown> | undefined {
  if (typeof output !== "object" || output === null) return undefined;
  const { usage, cost } = output as { usage?: unknown; cost?: unknown };
  if (typeof usage !== "object" || usage === null || Array.isArray(usage)) return undefined;
  return { ...(usage as Record<string, unknown>), cost: cost ?? null };
}

/** Applies one event to the node_runs row of its node instance. */
function updateNodeRun(rows: Map<string, NodeRunInput>, event: RunEvent): void {
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
      const usage = usageOf(event.output);
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

export function createRunRecorder(options: RunRecorderOptions): RunRecorder {
  let seq = options.nextSeq;
  let events: RunEventInput[] = [];
  let changed = new Map<string, NodeRunInput>();
  const known = new Map<string, NodeRunInput>();
  let state: RunState | undefined;

  function take(): CheckpointInput | null {
    if (!state) return null;
    const checkpoint: CheckpointInput = {
      state,
      seq: Math.max(seq - 1, 0),
      events,
      nodeRuns: [...changed.values()].map((row) => ({ ...row })),
      status: state.status === "paused" || state.status === "running" ? state.status : undefined,
    };
    events = [];
    changed = new Map();
    return checkpoint;
  }

  const hooks: RunHooks = {
    onEvent(event) {
      events.push({ seq: seq++, type: event.type, payload: event, createdAt: at(event.at) });
      if (!("key" in event)) return;
      updateNodeRun(known, event);
      const id = keyOf(event.key);
      if (known.has(id)) changed.set(id, known.get(id)!);
    },
    async onCheckpoint(latest) {
      state = latest;
      if (!options.write) return;
      const checkpoint = take();
      if (checkpoint) await options.write(checkpoint);
    },
  };

  return { hooks, drain: take, nextSeq: () => seq };
}
