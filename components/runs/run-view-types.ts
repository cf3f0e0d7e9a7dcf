/**
 * The run view model's types. What the engine defines (run statuses, events, node keys) is taken
 * from it with `import type`, so a change there is a compile error here, not a silent drift.
 */
import type { RunEvent } from "@/lib/engine/state/events";
import type { NodeKey, PathSegment, RunStatus } from "@/lib/engine/state/types";
import type { LiveText } from "./live-text";
import type { CallUsage } from "./run-usage";

export type { NodeKey, PathSegment, RunStatus };

/** What a node shows: the engine's node statuses, "queued" for a node not reached yet in a live run, and routed failures. */
export type NodeViewStatus = "queued" | "running" | "completed" | "failed" | "error-routed" | "skipped" | "paused" | "cancelled";

export type ErrorInfo = { message: string; code?: string };

/**
 * Engine events as they arrive over the wire: the engine's RunEvent, with the fields a replayed or
 * older payload may lack made optional (`runId`, `output`).
 */
export type WireEvent = RunEvent extends infer E
  ? E extends { type: "run.started" }
    ? Omit<E, "runId"> & { runId?: string }
    : E extends { type: "node.completed" }
      ? Omit<E, "output"> & { output?: unknown }
      : E
  : never;
export type WireEventType = WireEvent["type"];

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

/** A body node's instances (inside loops and parallels), counted one by one by the engine's instance key. */
export type InstanceCounts = {
  completed: number;
  failed: number;
  running: number;
  /** Instances not settled yet, by instance key (lib/engine/state/keys.ts): at most the branches in flight. */
  active: Record<string, NodeViewStatus>;
  /** The status of the instance that settled last. */
  last?: NodeViewStatus;
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
  /** Containers: iterations or branches started and finished. */
  iterations?: { started: number; finished: number; failed: number };
  /** Body nodes: their instances. */
  instances?: InstanceCounts;
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
  /** LLM usage per instance (any depth), by the engine's instanceKey: summed by runUsageOf. */
  usage?: Record<string, CallUsage>;
  /** The highest event seq applied: later replays of the same events change nothing. */
  lastSeq: number;
};

export type RunViewAction =
  | { type: "event"; seq: number; event: WireEvent }
  /** `seq`: the last event the result reflects (the FlowMaestro-Run-Seq header), when known. */
  | { type: "snapshot"; result: RunResultSnapshot; seq?: number | null }
  | { type: "status"; status: RunStatus }
  /**
   * A live `node.chunk` SSE message (no seq: not stored). `offset` is where `text` starts in the
   * instance's text; on each (re)connect the server sends the whole text again from 0.
   */
  | { type: "chunk"; key: NodeKey; text: string; offset?: number };
