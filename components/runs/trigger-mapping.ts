/**
 * A run on Trigger.dev, as useRealtimeRun reports it (the coordinator's `metadata.progress` and
 * the platform's run status), turned into the SAME run view reducer actions as the SSE path. Pure:
 * no React, no SDK (the contract is imported as types only); unit-tested in test/trigger/.
 */
import type { RunProgress } from "@/lib/runs/trigger/contract";
import type { RunResultSnapshot, RunStatus, RunView, RunViewAction } from "./run-view-model";

const PROGRESS_STATUSES = new Set<RunStatus>(["running", "paused", "completed", "failed", "cancelled"]);

/** `metadata.progress` when it has the contract's shape; null for anything else (never throws). */
export function parseProgress(metadata: unknown): RunProgress | null {
  const progress = (metadata as { progress?: unknown } | null | undefined)?.progress;
  if (!progress || typeof progress !== "object") return null;
  const p = progress as Partial<RunProgress>;
  if (typeof p.runId !== "string" || !PROGRESS_STATUSES.has(p.status as RunStatus)) return null;
  if (!p.counts || typeof p.counts !== "object" || !Array.isArray(p.waiting)) return null;
  if (p.nodes !== undefined && (typeof p.nodes !== "object" || p.nodes === null)) return null;
  return p as RunProgress;
}

/**
 * The platform's own end of a run the coordinator could not report (crashed, killed, timed out,
 * cancelled while suspended): failed or cancelled; null while the run may still report.
 */
export function platformEnd(status: string | undefined): RunStatus | null {
  switch (status) {
    case "CANCELED":
      return "cancelled";
    case "CRASHED":
    case "SYSTEM_FAILURE":
    case "TIMED_OUT":
    case "EXPIRED":
    case "FAILED":
      return "failed";
    default:
      return null;
  }
}

const TERMINAL = new Set<RunStatus>(["completed", "failed", "cancelled"]);

/**
 * The actions for the latest progress: one snapshot (statuses of the top-level nodes, open
 * waitpoints keeping the links and deadlines the view already has, the run's status and error).
 * Outputs are not in the metadata: the caller reads the run result when the run pauses or ends.
 */
export function progressActions(progress: RunProgress | null, view: RunView, platformStatus?: string): RunViewAction[] {
  const ended = platformEnd(platformStatus);
  if (!progress) return ended && !TERMINAL.has(view.status) ? [{ type: "status", status: ended }] : [];
  if (progress.runId !== view.runId) return [];
  const status: RunStatus = ended && !TERMINAL.has(progress.status) ? ended : progress.status;
  const known = new Map(view.waiting.map((w) => [w.waitpointId, w]));
  const result: RunResultSnapshot = {
    runId: progress.runId,
    status,
    nodes: Object.fromEntries(Object.entries(progress.nodes ?? {}).map(([id, s]) => [id, { status: s }])),
    waiting: progress.waiting.map((w) => {
      const seen = known.get(w.waitpointId);
      return {
        id: w.waitpointId,
        nodeId: w.nodeId,
        kind: w.kind,
        path: seen?.path ?? [],
        ...(seen?.url ? { url: seen.url } : {}),
        ...(seen?.expiresAt !== undefined ? { expiresAt: new Date(seen.expiresAt).toISOString() } : {}),
      };
    }),
    ...(progress.error ? { error: progress.error } : {}),
  };
  return [{ type: "snapshot", result }];
}
