"use client";
/** Canvas gestures: add from the palette, drop into/out of containers, connect, copy/paste, delete, auto-layout. */
import { useCallback, useRef, type DragEvent } from "react";
import { useReactFlow, type Connection, type Edge, type InternalNode, type XYPosition } from "@xyflow/react";
import { autoLayout } from "@/lib/workflows/auto-layout";
import type { CatalogEntry } from "@/lib/workflows/catalog-types";
import { CONTAINER_DEFAULT_SIZE, CONTAINER_NODE, connectionRefusal, type FlowNode } from "@/lib/workflows/definition-graph";
import { copyFragment, pasteFragment, uniqueEdgeId, uniqueId, type Fragment } from "@/lib/workflows/node-ids";
import { besideOrCentred, freeSpot } from "@/lib/workflows/free-spot";
import { initialConfig } from "@/lib/workflows/schema-form";
import type { EditorState } from "./use-editor-state";

export const DRAG_MIME = "application/x-flowmaestro-node-type";
const STEP_SIZE = { width: 240, height: 76 };

type Rect = { x: number; y: number; width: number; height: number };

function rectOf(node: InternalNode<FlowNode>): Rect {
  const p = node.internals.positionAbsolute;
  return { x: p.x, y: p.y, width: node.measured.width ?? node.width ?? STEP_SIZE.width, height: node.measured.height ?? node.height ?? STEP_SIZE.height };
}

export function useCanvasActions(state: EditorState, catalog: ReadonlyMap<string, CatalogEntry>) {
  const flow = useReactFlow<FlowNode>();
  const clipboard = useRef<Fragment | null>(null);
  const pasteCount = useRef(0);
  const rawFieldsOf = useCallback((type: string) => catalog.get(type)?.rawFields ?? [], [catalog]);

  /** The innermost container whose body holds `point`, skipping `exclude` and everything inside it. */
  const containerAt = useCallback(
    (point: XYPosition, exclude?: string): InternalNode<FlowNode> | undefined => {
      let best: InternalNode<FlowNode> | undefined;
      for (const node of flow.getNodes()) {
        if (node.type !== CONTAINER_NODE || node.id === exclude) continue;
        const internal = flow.getInternalNode(node.id);
        if (!internal) continue;
        let inside = false; // a container can't go into its own body
        for (let p = internal.parentId; p; p = flow.getInternalNode(p)?.parentId) if (p === exclude) inside = true;
        if (inside) continue;
        const r = rectOf(internal);
        const hit = point.x >= r.x && point.x <= r.x + r.width && point.y >= r.y + 40 && point.y <= r.y + r.height;
        if (hit && (!best || r.width * r.height < rectOf(best).width * rectOf(best).height)) best = internal;
      }
      return best;
    },
    [flow],
  );

  const addNode = useCallback(
    (type: string, at: XYPosition, visible?: Rect) => {
      const entry = catalog.get(type);
      if (!entry) return;
      const taken = new Set(state.nodes.map((n) => n.id));
      const id = uniqueId(type, taken);
      const size = entry.isContainer ? CONTAINER_DEFAULT_SIZE : STEP_SIZE;
      // Centred on the pointer, but kept inside the visible pane: dropped near an edge, it still covers the pointer and shows whole.
      const clamp = (v: number, lo: number, hi: number) => (hi < lo ? v : Math.min(Math.max(v, lo), hi));
      const topLeft = {
        x: Math.round(visible ? clamp(at.x - size.width / 2, visible.x, visible.x + visible.width - size.width) : at.x - size.width / 2),
        y: Math.round(visible ? clamp(at.y - size.height / 2, visible.y, visible.y + visible.height - size.height) : at.y - size.height / 2),
      };
      const parent = containerAt(at);
      const parentAbs = parent?.internals.positionAbsolute;
      const node: FlowNode = {
        id,
        type: entry.isContainer ? CONTAINER_NODE : "step",
        position: parentAbs ? { x: topLeft.x - parentAbs.x, y: topLeft.y - parentAbs.y } : topLeft,
        data: { def: { id, type, name: entry.label, config: initialConfig(entry.configJsonSchema) } },
        selected: true,
        ...(parent ? { parentId: parent.id } : {}),
        ...(entry.isContainer ? { width: size.width, height: size.height } : {}),
      };
      state.setNodes((nodes) => [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
    },
    [catalog, containerAt, state],
  );

  const addAtCenter = useCallback(
    (type: string, pane: HTMLElement | null) => {
      const box = pane?.getBoundingClientRect();
      const entry = catalog.get(type);
      if (!box || !entry) return;
      const size = entry.isContainer ? CONTAINER_DEFAULT_SIZE : STEP_SIZE;
      const topLevel = state.nodes.filter((n) => !n.parentId);
      const boxOf = (n: FlowNode) => ({ x: n.position.x, y: n.position.y, width: n.measured?.width ?? n.width ?? STEP_SIZE.width, height: n.measured?.height ?? n.height ?? STEP_SIZE.height });
      const selected = topLevel.find((n) => n.selected);
      const center = flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
      const spot = freeSpot(besideOrCentred(selected && boxOf(selected), center, size), size, topLevel.map(boxOf));
      const middle = { x: spot.x + size.width / 2, y: spot.y + size.height / 2 };
      addNode(type, middle);
      // Beside a node near the edge or below a crowded centre: bring it into view.
      const a = flow.screenToFlowPosition({ x: box.left, y: box.top });
      const b = flow.screenToFlowPosition({ x: box.right, y: box.bottom });
      const visible = spot.x >= a.x && spot.y >= a.y && spot.x + size.width <= b.x && spot.y + size.height <= b.y;
      if (!visible) void flow.setCenter(middle.x, middle.y, { zoom: flow.getZoom(), duration: 200 });
    },
    [addNode, catalog, flow, state.nodes],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(DRAG_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(DRAG_MIME);
      if (!type) return;
      event.preventDefault();
      const box = event.currentTarget.getBoundingClientRect();
      const a = flow.screenToFlowPosition({ x: box.left, y: box.top });
      const b = flow.screenToFlowPosition({ x: box.right, y: box.bottom });
      addNode(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }), { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y });
    },
    [addNode, flow],
  );

  /** After a drag: nodes whose centre landed in a container join it; nodes dragged out of theirs leave. */
  const onNodeDragStop = useCallback(
    (_event: unknown, _node: FlowNode, dragged: FlowNode[]) => {
      const moves = new Map<string, { parentId?: string; position: XYPosition }>();
      const draggedIds = new Set(dragged.map((d) => d.id));
      for (const d of dragged) {
        const internal = flow.getInternalNode(d.id);
        // Children of a dragged container move with it.
        if (!internal || (internal.parentId && draggedIds.has(internal.parentId))) continue;
        const r = rectOf(internal);
        const target = containerAt({ x: r.x + r.width / 2, y: r.y + Math.min(r.height / 2, 30) }, d.id);
        if ((target?.id ?? undefined) === (internal.parentId ?? undefined)) continue;
        const base = target?.internals.positionAbsolute ?? { x: 0, y: 0 };
        moves.set(d.id, { parentId: target?.id, position: { x: r.x - base.x, y: r.y - base.y } });
      }
      if (moves.size > 0) {
        state.setNodes((nodes) =>
          nodes.map((n) => {
            const move = moves.get(n.id);
            if (!move) return n;
            const moved: FlowNode = { ...n, position: move.position };
            if (move.parentId) moved.parentId = move.parentId;
            else delete moved.parentId;
            return moved;
          }),
        );
      }
      state.setBusy(false);
    },
    [containerAt, flow, state],
  );

  const isEntry = useCallback((type: string) => catalog.get(type)?.isEntry ?? false, [catalog]);
  const isValidConnection = useCallback(
    (c: Connection | Edge) => connectionRefusal(state.definition, c.source, c.target, c.sourceHandle, isEntry) === null,
    [isEntry, state.definition],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      if (connectionRefusal(state.definition, c.source, c.target, c.sourceHandle, isEntry)) return;
      state.setEdges((edges) => {
        const id = uniqueEdgeId(new Set(edges.map((e) => e.id)));
        const sourceHandle = c.sourceHandle ?? "source";
        return [...edges, { id, source: c.source, target: c.target, sourceHandle, targetHandle: null, data: { def: { id, source: c.source, target: c.target } } }];
      });
    },
    [isEntry, state],
  );

  const selectedIds = useCallback(() => state.nodes.filter((n) => n.selected).map((n) => n.id), [state.nodes]);

  const copy = useCallback(() => {
    const ids = selectedIds();
    if (ids.length === 0) return false;
    clipboard.current = copyFragment(state.definition, ids);
    pasteCount.current = 0;
    return true;
  }, [selectedIds, state.definition]);

  const paste = useCallback(() => {
    if (!clipboard.current) return;
    pasteCount.current += 1;
    const offset = 40 * pasteCount.current;
    const { definition, pasted } = pasteFragment(state.definition, clipboard.current, { x: offset, y: offset }, rawFieldsOf);
    state.applyDefinition(definition, pasted);
  }, [rawFieldsOf, state]);

  const deleteSelected = useCallback(() => {
    void flow.deleteElements({ nodes: state.nodes.filter((n) => n.selected), edges: state.edges.filter((e) => e.selected) });
  }, [flow, state.edges, state.nodes]);

  const layout = useCallback(() => {
    const result = autoLayout(
      state.nodes.map((n) => ({
        id: n.id,
        parentId: n.parentId,
        isContainer: n.type === CONTAINER_NODE,
        width: n.measured?.width ?? n.width ?? STEP_SIZE.width,
        height: n.measured?.height ?? n.height ?? STEP_SIZE.height,
      })),
      state.edges,
    );
    state.setNodes((nodes) =>
      nodes.map((n) => {
        const size = result.sizes[n.id];
        return { ...n, position: result.positions[n.id] ?? n.position, ...(size ? { width: size.width, height: size.height } : {}) };
      }),
    );
    requestAnimationFrame(() => void flow.fitView({ padding: 0.1, maxZoom: 1, duration: 300 }));
  }, [flow, state]);

  return { addNode, addAtCenter, onDragOver, onDrop, onNodeDragStop, isValidConnection, onConnect, copy, paste, deleteSelected, layout, hasClipboard: () => clipboard.current !== null };
}
