/**
 * Live text of streaming nodes (llm tokens): what the run view keeps between a node's first
 * chunk and its stored end (node.completed / node.failed), per node instance (the engine's
 * instance key). Chunks carry `offset`, where their text starts in the instance's text: the server
 * sends the whole text again from 0 to every (re)connecting reader, so pieces are placed, never
 * appended twice, and a late reader shows the text from the first word. The node's output from
 * node.completed replaces it.
 */
import { sameKey } from "@/lib/engine/state/keys";
import type { NodeKey, NodeView, PathSegment, RunView } from "./run-view-types";

export type LiveText = { path: PathSegment[]; text: string };

const samePath = (a: PathSegment[], b: PathSegment[]) => sameKey({ nodeId: "", path: a }, { nodeId: "", path: b });
const SETTLED = new Set<NodeView["status"]>(["completed", "failed", "error-routed", "skipped", "cancelled"]);

/**
 * Places a chunk in its instance's text at `offset` (absent: at the end); a chunk for a top-level
 * node that already ended is stale, and one starting past the text known so far can't be placed.
 */
export function appendLive(view: RunView, key: NodeKey, text: string, offset?: number): RunView {
  const n = view.nodes[key.nodeId] ?? { status: "queued" as const, attempts: 0, hasOutput: false };
  const top = key.path.length === 0;
  if (text === "" || view.status === "completed" || view.status === "failed" || view.status === "cancelled") return view;
  if (top && SETTLED.has(n.status)) return view;
  const live = (n.live ?? []).slice();
  const at = live.findIndex((l) => samePath(l.path, key.path));
  const have = at >= 0 ? live[at].text : "";
  const start = offset ?? have.length;
  if (start > have.length) return view;
  const placed = have.slice(0, start) + text + have.slice(start + text.length);
  if (placed === have) return view;
  if (at >= 0) live[at] = { path: live[at].path, text: placed };
  else live.push({ path: key.path, text: placed });
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
