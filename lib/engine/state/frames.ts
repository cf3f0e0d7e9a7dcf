/** Creating frames (the top level, container iterations) and summarizing them for the run result. */
import type { Plan, ScopePlan } from "../plan/types";
import type { Frame, NodeInstance, NodeSummary, PathSegment } from "./types";

export function createFrame(plan: Plan, scope: ScopePlan, path: PathSegment[], binding?: Frame["binding"]): Frame {
  const frame: Frame = { path, scope: scope.id, nodes: {}, edges: {}, outputs: {}, refs: {}, open: scope.nodes.length };
  if (binding) frame.binding = binding;
  for (const id of scope.nodes) {
    const node = plan.nodes.get(id)!;
    frame.nodes[id] = { status: "pending", waitingOn: node.incoming.length, activated: false, attempts: 0 };
    if (node.readers.length > 0) frame.refs[id] = node.readers.length;
  }
  return frame;
}

export function summarize(node: NodeInstance): NodeSummary {
  const summary: NodeSummary = { status: node.status, attempts: node.attempts };
  if (node.error) summary.error = node.error;
  if (node.errorRouted) summary.errorRouted = true;
  if (node.startedAt !== undefined) summary.startedAt = node.startedAt;
  if (node.startedAt !== undefined && node.finishedAt !== undefined) summary.durationMs = node.finishedAt - node.startedAt;
  if (node.container) summary.iterations = node.container.iterations;
  return summary;
}

export function summarizeFrame(frame: Frame): Record<string, NodeSummary> {
  const out: Record<string, NodeSummary> = {};
  for (const [id, node] of Object.entries(frame.nodes)) out[id] = summarize(node);
  return out;
}
