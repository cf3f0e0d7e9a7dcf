/**
 * Pure conversions between a workflow definition and React Flow's nodes and
 * edges, plus the graph questions the canvas asks (what is upstream, may these
 * two nodes be connected). No React, no DOM: unit-tested in test/canvas.
 */
import type { Edge, Node } from "@xyflow/react";
import type { DefinitionEdge, DefinitionNode, WorkflowDefinition, XY } from "./definition-types";

export const STEP_NODE = "step";
export const CONTAINER_NODE = "container";
export const CONTAINER_DEFAULT_SIZE = { width: 420, height: 240 };

/** React Flow node data: the definition node itself (position/parentId/size live on the RF node). */
export type StepData = { def: DefinitionNode };
export type FlowNode = Node<StepData>;
export type FlowEdge = Edge<{ def: DefinitionEdge }>;

/** Nodes ordered so every parent comes before its children (React Flow requires it). */
export function sortParentsFirst<T extends { id: string; parentId?: string }>(nodes: readonly T[]): T[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = new Map<string, number>();
  const depthOf = (node: T, seen: Set<string>): number => {
    const known = depth.get(node.id);
    if (known !== undefined) return known;
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    // A parent cycle (bad import) is cut: the validator reports it.
    const d = parent && !seen.has(parent.id) ? depthOf(parent, seen.add(node.id)) + 1 : 0;
    depth.set(node.id, d);
    return d;
  };
  return nodes
    .map((node, index) => ({ node, index, d: depthOf(node, new Set()) }))
    .sort((a, b) => a.d - b.d || a.index - b.index)
    .map((entry) => entry.node);
}

export function toFlow(
  definition: WorkflowDefinition,
  isContainer: (type: string) => boolean,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const ids = new Set(definition.nodes.map((n) => n.id));
  const nodes = sortParentsFirst(definition.nodes).map((def): FlowNode => {
    const { position, size, parentId, ...rest } = def;
    const container = isContainer(def.type);
    const node: FlowNode = {
      id: def.id,
      type: container ? CONTAINER_NODE : STEP_NODE,
      position: { x: position?.x ?? 0, y: position?.y ?? 0 },
      data: { def: rest as DefinitionNode },
    };
    if (parentId && ids.has(parentId)) node.parentId = parentId;
    if (container) {
      node.width = size?.width ?? CONTAINER_DEFAULT_SIZE.width;
      node.height = size?.height ?? CONTAINER_DEFAULT_SIZE.height;
    }
    return node;
  });
  const edges = definition.edges.map(
    (def): FlowEdge => ({
      id: def.id,
      source: def.source,
      target: def.target,
      sourceHandle: def.sourceHandle ?? "source",
      targetHandle: null,
      data: { def },
    }),
  );
  return { nodes, edges };
}

const round = (v: number) => Math.round(v * 10) / 10;

export function fromFlow(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  meta: Omit<WorkflowDefinition, "nodes" | "edges">,
): WorkflowDefinition {
  const defNodes = nodes.map((node): DefinitionNode => {
    const out: DefinitionNode = { ...node.data.def, id: node.id };
    delete out.parentId;
    delete out.size;
    out.position = { x: round(node.position.x), y: round(node.position.y) };
    if (node.parentId) out.parentId = node.parentId;
    if (node.type === CONTAINER_NODE) {
      const width = node.width ?? node.measured?.width ?? CONTAINER_DEFAULT_SIZE.width;
      const height = node.height ?? node.measured?.height ?? CONTAINER_DEFAULT_SIZE.height;
      out.size = { width: round(width), height: round(height) };
    }
    return out;
  });
  const defEdges = edges.map((edge): DefinitionEdge => {
    const out: DefinitionEdge = { ...(edge.data?.def ?? {}), id: edge.id, source: edge.source, target: edge.target };
    delete out.sourceHandle;
    if (edge.sourceHandle && edge.sourceHandle !== "source") out.sourceHandle = edge.sourceHandle;
    return out;
  });
  return { ...meta, nodes: defNodes, edges: defEdges } as WorkflowDefinition;
}

/** The absolute canvas position of a node, adding up its parents' positions. */
export function absolutePosition(
  id: string,
  byId: ReadonlyMap<string, { position: XY; parentId?: string }>,
): XY {
  let x = 0;
  let y = 0;
  let current = byId.get(id);
  const seen = new Set<string>();
  while (current && !seen.has(id)) {
    seen.add(id);
    x += current.position.x;
    y += current.position.y;
    id = current.parentId ?? "";
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return { x, y };
}

/** `id` and every container it sits in, innermost first. */
export function parentChain(id: string, byId: ReadonlyMap<string, { parentId?: string }>): string[] {
  const chain: string[] = [];
  let parent = byId.get(id)?.parentId;
  while (parent && !chain.includes(parent)) {
    chain.push(parent);
    parent = byId.get(parent)?.parentId;
  }
  return chain;
}

/**
 * Why an edge from `source` to `target` is refused, or null when it's allowed.
 * Spec: only container↔outside and body↔body edges exist, i.e. both ends in the
 * same container (or both top level); entry nodes take no incoming edge.
 */
export function connectionRefusal(
  definition: Pick<WorkflowDefinition, "nodes" | "edges">,
  source: string,
  target: string,
  sourceHandle: string | null | undefined,
  isEntry: (type: string) => boolean,
): string | null {
  if (source === target) return "A node can't connect to itself.";
  const s = definition.nodes.find((n) => n.id === source);
  const t = definition.nodes.find((n) => n.id === target);
  if (!s || !t) return "Unknown node.";
  if (isEntry(t.type)) return "Entry nodes start runs; they take no incoming edge.";
  if (t.parentId === s.id || s.parentId === t.id)
    return "A container's body starts on its own; don't connect a container to its body.";
  if ((s.parentId ?? null) !== (t.parentId ?? null)) return "Edges can't cross a container boundary.";
  const handle = sourceHandle ?? "source";
  const duplicate = definition.edges.some(
    (e) => e.source === source && e.target === target && (e.sourceHandle ?? "source") === handle,
  );
  return duplicate ? "These handles are already connected." : null;
}

/** Node ids upstream of `id` along edges (transitively), nearest first. */
export function ancestors(edges: readonly DefinitionEdge[], id: string): string[] {
  const incoming = new Map<string, string[]>();
  for (const e of edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const seen = new Set<string>([id]);
  const order: string[] = [];
  const queue = [id];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const source of incoming.get(current) ?? []) {
      if (seen.has(source)) continue;
      seen.add(source);
      order.push(source);
      queue.push(source);
    }
  }
  return order;
}
