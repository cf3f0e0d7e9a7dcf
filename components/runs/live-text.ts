/**
 * Live text of streaming nodes (llm tokens): what the run view keeps between a node's first
 * chunk and its stored end (node.completed / node.failed), per node instance. Chunks are
 * transient SSE messages (no seq, not replayed on reconnect), so this is a preview only: the
 * node's output from node.completed replaces it.
 */
import type { NodeKey, NodeView, PathSegment, RunView } from "./run-view-model";

export type LiveText = { path: PathSegment[]; text: string };

const samePath = (a: PathSegment[], b: PathSegment[]) => a.length === b.length && a.every((s, i) => s.container === b[i].container && s.index === b[i].index);
const SETTLED = new Set<NodeView["status"]>(["completed", "failed", "error-routed", "skipped", "cancelled"]);

/** Appends a chunk to its instance's text; a chunk for a top-level node that already ended is stale. */
export function appendLive(view: RunView, key: NodeKey, text: string): RunView {
  const n = view.nodes[key.nodeId] ?? { status: "queued" as const, attempts: 0, hasOutput: false };
  const top = key.path.length === 0;
  if (text === "" || view.status === "completed" || view.status === "failed" || view.status === "cancelled") return view;
  if (top && SETTLED.has(n.status)) return view;
  const live = (n.live ?? []).slice();
  const at = live.findIndex((l) => samePath(l.path, key.path));
  if (at >= 0) live[at] = { path: live[at].path, text: live[at].text + text };
  else live.push({ path: key.path, text });
  // node.started is stored (and sent) with the node's next checkpoint, often after its tokens: a chunk says it runs.
  const status = top && n.status === "queued" ? "running" : n.status;
  return { ...view, nodes: { ...view.nodes, [key.nodeId]: { ...n, status, live } } };
}

/** Drops an instance's live text (it ended, or failed and will retry from scratch). */
export function dropLive(view: RunView, key: NodeKey): RunView {
  const n = view.nodes[key.nodeId];
  if (!n?.live) return view;
  const live = n.live.filter((l) => !samePath(l.path, key.path));
  return { ...view, nodes: { ...view.nodes, [key.nodeId]: { ...n, live: live.length > 0 ? live : undefined } } };
}

/** Drops every node's live text (the run ended). */
export function clearLive(view: RunView): RunView {
  if (!Object.values(view.nodes).some((n) => n.live)) return view;
  return { ...view, nodes: Object.fromEntries(Object.entries(view.nodes).map(([id, n]) => [id, n.live ? { ...n, live: undefined } : n])) };
}
