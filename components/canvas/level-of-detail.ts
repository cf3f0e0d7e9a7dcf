/**
 * Level of detail: zoomed out below COMPACT_BELOW_ZOOM, where a node's 13 px text would be
 * smaller than 6 px on screen, nodes draw as one card with their name in large type and their
 * run status as a fill (Figma and Miro do the same). A node is then a few elements instead of
 * about twenty, which is what keeps a 1,000-node canvas and a busy run page within a frame:
 * their cost is the browser's style, layout, paint and layerize of every element (issue 14).
 */
import { Position, type ReactFlowState, type Viewport } from "@xyflow/react";
import { SOURCE_HANDLE, type CatalogEntry } from "@/lib/workflows/catalog-types";
import { STEP_NODE, type FlowNode } from "@/lib/workflows/definition-graph";
import { outputHandlesUsing } from "./node-parts";

export const COMPACT_BELOW_ZOOM = 0.45;

/** React Flow store selector: whether nodes draw compact (a boolean, so nodes re-render only when it flips). */
export const selectCompact = (s: ReactFlowState) => s.transform[2] < COMPACT_BELOW_ZOOM;

/** What a node is assumed to measure before React Flow has measured it. */
const NODE_GUESS = { width: 240, height: 90 };
/**
 * A pane size assumed for the first render, the same on the server and in the browser (no
 * window there): the editor's pane at 1280×800 is about this. Only the first frame uses it;
 * fitView corrects the viewport once the nodes are measured.
 */
const PANE_GUESS = { width: 1000, height: 650 };

/**
 * The viewport fitView will probably choose, as the first render's: a big workflow then draws
 * compact from its first frame instead of drawing every node in full and again compact after the fit.
 */
export function expectedFitViewport(
  nodes: readonly { position: { x: number; y: number }; parentId?: string; width?: number; height?: number }[],
  options: { padding: number; minZoom: number; maxZoom: number },
): Viewport {
  const top = nodes.filter((n) => !n.parentId);
  if (top.length === 0) return { x: 0, y: 0, zoom: 1 };
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const n of top) {
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
    maxX = Math.max(maxX, n.position.x + (n.width ?? NODE_GUESS.width));
    maxY = Math.max(maxY, n.position.y + (n.height ?? NODE_GUESS.height));
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const scale = 1 + 2 * options.padding;
  const zoom = Math.min(options.maxZoom, Math.max(options.minZoom, Math.min(PANE_GUESS.width / (width * scale), PANE_GUESS.height / (height * scale))));
  return { x: (PANE_GUESS.width - width * zoom) / 2 - minX * zoom, y: (PANE_GUESS.height - height * zoom) / 2 - minY * zoom, zoom };
}

/**
 * A compact node with one output as CompactStep (./StepNode.tsx) draws it: 240 wide, 72 high
 * (2 px borders, 16 px padding, one 36 px line), its handles (12 px, centred on the padding
 * box's left and right edges). e2e/canvas-scale.spec.ts checks the size against the drawn page
 * (a wrong size only costs a second measuring pass). The handles serve React Flow's first pass:
 * its ResizeObserver's first report re-measures them from the page either way.
 */
const COMPACT = { width: 240, height: 72, border: 2, handle: 12 };
export const COMPACT_NODE_SIZE = { width: COMPACT.width, height: COMPACT.height };

function compactHandles(hasTarget: boolean): NonNullable<FlowNode["handles"]> {
  const y = COMPACT.height / 2 - COMPACT.handle / 2;
  const source = { type: "source" as const, id: SOURCE_HANDLE, position: Position.Right, x: COMPACT.width - COMPACT.border - COMPACT.handle / 2, y, width: COMPACT.handle, height: COMPACT.handle };
  const target = { type: "target" as const, id: null, position: Position.Left, x: COMPACT.border - COMPACT.handle / 2, y, width: COMPACT.handle, height: COMPACT.handle };
  return hasTarget ? [target, source] : [source];
}

/**
 * Nodes that will first draw compact (at `firstViewport`), given their size and handles up front (React Flow's fields
 * for server rendering): React Flow then shows them, draws their edges and fits the view in its
 * first pass, instead of rendering them hidden, measuring each and rendering them all again
 * (about a second at 1,000 nodes). Only plain one-output steps; the rest are measured as usual.
 * The handles are dropped at the node's first change (`withoutPresetHandles`): from then on
 * React Flow's own measurements hold.
 */
export function presizeCompact(nodes: FlowNode[], firstViewport: Viewport, catalog: ReadonlyMap<string, CatalogEntry>, usedHandles: Readonly<Record<string, string>>): FlowNode[] {
  if (firstViewport.zoom >= COMPACT_BELOW_ZOOM) return nodes;
  return nodes.map((node) => {
    if (node.type !== STEP_NODE) return node;
    const entry = catalog.get(node.data.def.type);
    const def = { ...node.data.def, id: node.id };
    const handles = outputHandlesUsing(def, entry, usedHandles[node.id]?.split("\n") ?? []);
    if (handles.length !== 1 || handles[0].id !== SOURCE_HANDLE) return node;
    return { ...node, measured: { width: COMPACT.width, height: COMPACT.height }, handles: compactHandles(!entry?.isEntry) };
  });
}

/** The node without preset handles (see presizeCompact); the same object when it has none. */
export function withoutPresetHandles(node: FlowNode): FlowNode {
  if (!node.handles) return node;
  const rest = { ...node };
  delete rest.handles;
  return rest;
}
