/** Events a run emits (for observers: the store, the run page, logs). Times are ms since epoch. */
import type { NodeErrorInfo } from "../errors";
import type { NodeKey, RunStateStatus } from "./types";

export type RunEvent =
  | { type: "run.started"; runId: string; at: number }
  | { type: "run.paused"; at: number }
  | { type: "run.resumed"; at: number }
  /** The run continued after the process executing it stopped (a crash, a restart). */
  | { type: "run.recovered"; at: number }
  | { type: "run.finished"; status: RunStateStatus; error?: { message: string; nodeId: string }; at: number }
  /** `redispatch`: the same attempt again, after the process executing it stopped. */
  | { type: "node.started"; key: NodeKey; attempt: number; redispatch?: true; at: number }
  | { type: "node.completed"; key: NodeKey; output: unknown; handle: string; durationMs: number; at: number }
  | { type: "node.failed"; key: NodeKey; error: NodeErrorInfo; errorRouted: boolean; attempts: number; output?: unknown; at: number }
  | { type: "node.retrying"; key: NodeKey; attempt: number; delayMs: number; error: NodeErrorInfo; at: number }
  | { type: "node.skipped"; key: NodeKey; at: number }
  | { type: "node.paused"; key: NodeKey; waitpointId: string; kind: string; expiresAt: number | null; at: number }
  | { type: "node.cancelled"; key: NodeKey; at: number }
  | { type: "iteration.started"; key: NodeKey; index: number; at: number }
  | { type: "iteration.finished"; key: NodeKey; index: number; failed: boolean; at: number };

export type RunEventType = RunEvent["type"];
