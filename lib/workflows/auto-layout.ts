/**
 * Left-to-right auto-layout with dagre that respects containers: each
 * container's body is laid out first (deepest containers first), the container
 * is sized to fit it, then the level above is laid out with that size.
 */
import { Graph, layout } from "@dagrejs/dagre";

export type LayoutNode = { id: string; parentId?: string; width: number; height: number; isContainer: boolean };
export type LayoutEdge = { source: string; target: string };
export type LayoutResult = {
  /** Positions relative to the parent container (absolute for top-level nodes). */
  positions: Record<string, { x: number; y: number }>;
  sizes: Record<string, { width: number; height: number }>;
};

/** Room inside a container around its body: the header on top, a margin elsewhere. */
export const CONTAINER_PADDING = { top: 64, left: 32, right: 32, bottom: 32 };
export const CONTAINER_MIN = { width: 320, height: 180 };

function layoutLevel(
  members: LayoutNode[],
  edges: readonly LayoutEdge[],
  size: (n: LayoutNode) => { width: number; height: number },
): { positions: Record<string, { x: number; y: number }>; width: number; height: number } {
  const g = new Graph();
  g.setGraph({ rankdir: "LR", nodesep: 32, ranksep: 64, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(members.map((m) => m.id));
  for (const m of members) g.setNode(m.id, size(m));
  for (const e of edges) if (ids.has(e.source) && ids.has(e.target) && e.source !== e.target) g.setEdge(e.source, e.target);
  layout(g);
  const positions: Record<string, { x: number; y: number }> = {};
  let width = 0;
  let height = 0;
  for (const m of members) {
    const p = g.node(m.id) as { x: number; y: number };
    const s = size(m);
    positions[m.id] = { x: Math.round(p.x - s.width / 2), y: Math.round(p.y - s.height / 2) };
    width = Math.max(width, p.x + s.width / 2);
    height = Math.max(height, p.y + s.height / 2);
  }
  return { positions, width, height };
}

export function autoLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): LayoutResult {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = (n: LayoutNode): number => {
    let d = 0;
    for (let p = n.parentId; p && byId.has(p) && d <= nodes.length; p = byId.get(p)?.parentId) d++;
    return d;
  };
  const result: LayoutResult = { positions: {}, sizes: {} };
  const size = (n: LayoutNode) => result.sizes[n.id] ?? { width: n.width, height: n.height };
  const containers = nodes.filter((n) => n.isContainer).sort((a, b) => depth(b) - depth(a));
  for (const c of containers) {
    const members = nodes.filter((n) => n.parentId === c.id);
    if (members.length === 0) {
      result.sizes[c.id] = { width: Math.max(c.width, CONTAINER_MIN.width), height: Math.max(c.height, CONTAINER_MIN.height) };
      continue;
    }
    const level = layoutLevel(members, edges, size);
    for (const [id, p] of Object.entries(level.positions))
      result.positions[id] = { x: p.x + CONTAINER_PADDING.left, y: p.y + CONTAINER_PADDING.top };
    result.sizes[c.id] = {
      width: Math.max(CONTAINER_MIN.width, Math.round(level.width + CONTAINER_PADDING.left + CONTAINER_PADDING.right)),
      height: Math.max(CONTAINER_MIN.height, Math.round(level.height + CONTAINER_PADDING.top + CONTAINER_PADDING.bottom)),
    };
  }
  const top = nodes.filter((n) => !n.parentId || !byId.has(n.parentId));
  if (top.length > 0) Object.assign(result.positions, layoutLevel(top, edges, size).positions);
  return result;
}
