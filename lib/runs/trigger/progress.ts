/**
 * The progress a Trigger.dev run publishes as run metadata (what useRealtimeRun shows): status,
 * node counts, the wave, top-level node statuses and open waitpoints. Metadata is capped at
 * 256 KB by the platform; past METADATA_BUDGET_BYTES the per-node map is left out.
 */
import type { RunState } from "../../engine";
import type { RunProgress } from "./contract";

export const METADATA_BUDGET_BYTES = 128 * 1024;

export function progressOf(state: RunState, wave: number): RunProgress {
  const counts: Record<string, number> = {};
  for (const frame of Object.values(state.frames)) {
    for (const instance of Object.values(frame.nodes)) counts[instance.status] = (counts[instance.status] ?? 0) + 1;
  }
  const nodes: Record<string, string> = {};
  for (const [nodeId, instance] of Object.entries(state.frames[""]?.nodes ?? {})) nodes[nodeId] = instance.status;
  const progress: RunProgress = {
    runId: state.runId,
    status: state.status,
    wave,
    counts,
    nodes,
    waiting: Object.values(state.waitpoints).map((wp) => ({ waitpointId: wp.id, nodeId: wp.key.nodeId, kind: wp.kind })),
    ...(state.error ? { error: { message: state.error.message, nodeId: state.error.nodeId } } : {}),
  };
  if (Buffer.byteLength(JSON.stringify(progress)) <= METADATA_BUDGET_BYTES) return progress;
  const { nodes: _dropped, ...bounded } = progress;
  void _dropped;
  // A run with that many open waitpoints is unusual; keep the first ones so the size stays bounded.
  return { ...bounded, waiting: bounded.waiting.slice(0, 100) };
}
