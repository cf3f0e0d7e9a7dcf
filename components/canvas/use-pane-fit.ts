"use client";
/**
 * Panels sit beside the canvas (they push it, never cover it). When one opens or closes the pane
 * changes width: the selected node is kept in view (panned the least needed), and with nothing
 * selected the whole workflow is fitted again. Window resizes of a few pixels change nothing.
 */
import { useEffect, type RefObject } from "react";
import { useReactFlow, type Node } from "@xyflow/react";

/** A width change at least this big is a panel opening or closing, not a window being dragged. */
const PANEL_WIDTH_CHANGE = 120;
const MARGIN = 24;

export function usePaneFit(pane: RefObject<HTMLElement | null>) {
  const flow = useReactFlow<Node>();
  useEffect(() => {
    const element = pane.current;
    if (!element) return;
    // The first width comes from the observer's first report: reading clientWidth here would force
    // a layout of the whole canvas before React Flow has measured its nodes (~0.5 s at 1,000 nodes).
    let width: number | null = null;
    const observer = new ResizeObserver(([entry]) => {
      const next = entry.contentRect.width;
      if (width === null) width = next;
      if (Math.abs(next - width) < PANEL_WIDTH_CHANGE) return;
      width = next;
      const selected = flow.getNodes().filter((n) => n.selected);
      if (selected.length === 0) {
        void flow.fitView({ padding: 0.1, maxZoom: 1, duration: 200 });
        return;
      }
      keepInView(flow, selected, element);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [flow, pane]);
}

/** Pans (never zooms) so the nodes' box is inside the pane, when it fits. */
export function keepInView(flow: ReturnType<typeof useReactFlow<Node>>, nodes: Node[], element: HTMLElement) {
  const box = flow.getNodesBounds(nodes);
  const { x, y, zoom } = flow.getViewport();
  const left = box.x * zoom + x;
  const right = (box.x + box.width) * zoom + x;
  const top = box.y * zoom + y;
  const bottom = (box.y + box.height) * zoom + y;
  const w = element.clientWidth;
  const h = element.clientHeight;
  let dx = 0;
  let dy = 0;
  if (right > w - MARGIN) dx = w - MARGIN - right;
  if (left + dx < MARGIN) dx = MARGIN - left;
  if (bottom > h - MARGIN) dy = h - MARGIN - bottom;
  if (top + dy < MARGIN) dy = MARGIN - top;
  if (dx !== 0 || dy !== 0) void flow.setViewport({ x: x + dx, y: y + dy, zoom }, { duration: 200 });
}
