/**
 * Level of detail: zoomed out below COMPACT_BELOW_ZOOM, where a node's 13 px text would be
 * smaller than 6 px on screen, nodes draw as one card with their name in large type and their
 * run status as a fill (Figma and Miro do the same). A node is then a few elements instead of
 * about twenty, which is what keeps a 1,000-node canvas and a busy run page within a frame:
 * their cost is the browser's style, layout, paint and layerize of every element (issue 14).
 */
import type { ReactFlowState, Viewport } from "@xyflow/react";

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
