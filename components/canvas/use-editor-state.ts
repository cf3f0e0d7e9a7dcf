"use client";
/**
 * The editor's state: React Flow nodes and edges are the live truth while
 * editing (dragging must stay cheap); the definition is derived from them, and while a drag is
 * under way it stays the one from before the drag (derived again when the drag stops), so no
 * frame rebuilds the definition, its JSON, the validation or the autosave.
 * Undo/redo keeps definition snapshots, recorded a moment after edits settle.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from "@xyflow/react";
import type { CatalogEntry } from "@/lib/workflows/catalog-types";
import { fromFlow, sortParentsFirst, toFlow, type FlowEdge, type FlowNode } from "@/lib/workflows/definition-graph";
import { withoutPresetHandles } from "./level-of-detail";
import type { DefinitionNode, WorkflowDefinition } from "@/lib/workflows/definition-types";
import { record, redo as redoHistory, startHistory, undo as undoHistory, type History } from "@/lib/workflows/history";

type Meta = Omit<WorkflowDefinition, "nodes" | "edges">;
const metaOf = (definition: WorkflowDefinition): Meta => {
  const meta: Partial<WorkflowDefinition> = { ...definition };
  delete meta.nodes;
  delete meta.edges;
  return meta as Meta;
};

/** How long edits must settle before they become one undo step. */
const RECORD_AFTER_MS = 300;

/** `prepare`: applied once to the first nodes (level-of-detail.ts's presizeCompact). */
export function useEditorState(initial: WorkflowDefinition, catalog: ReadonlyMap<string, CatalogEntry>, prepare?: (nodes: FlowNode[]) => FlowNode[]) {
  const isContainer = useCallback((type: string) => catalog.get(type)?.isContainer ?? false, [catalog]);
  const [flow, setFlow] = useState<{ nodes: FlowNode[]; edges: FlowEdge[]; held?: FlowNode[] }>(() => {
    const first = toFlow(initial, isContainer);
    return prepare ? { ...first, nodes: prepare(first.nodes) } : first;
  });
  const [meta, setMeta] = useState<Meta>(() => metaOf(initial));
  const { nodes, edges } = flow;
  const defNodes = flow.held ?? nodes;
  const definition = useMemo(() => fromFlow(defNodes, edges, meta), [defNodes, edges, meta]);
  const json = useMemo(() => JSON.stringify(definition), [definition]);

  // The history lives in refs (only callbacks touch it); `recorded` mirrors what rendering needs.
  const [start] = useState(() => ({ history: startHistory(definition), json }));
  const history = useRef<History<WorkflowDefinition>>(start.history);
  const historyJson = useRef<string>(start.json);
  const [recorded, setRecorded] = useState({ past: 0, future: 0, json: start.json });
  const syncHistorySize = () =>
    setRecorded({ past: history.current.past.length, future: history.current.future.length, json: historyJson.current });
  const busy = useRef(false);

  /** Records the current definition as an undo step if it differs from the last one. */
  const checkpoint = useCallback(() => {
    if (json === historyJson.current) return;
    history.current = record(history.current, definition);
    historyJson.current = json;
    syncHistorySize();
  }, [definition, json]);

  useEffect(() => {
    if (busy.current) return;
    const timer = setTimeout(checkpoint, RECORD_AFTER_MS);
    return () => clearTimeout(timer);
  }, [checkpoint]);

  /** Replaces the whole definition (undo, paste, import, rename, layout), keeping measured sizes and choosing the selection. */
  const applyDefinition = useCallback(
    (next: WorkflowDefinition, select?: readonly string[]) => {
      setFlow((current) => {
        const previous = new Map(current.nodes.map((n) => [n.id, n]));
        const fresh = toFlow(next, isContainer);
        return {
          nodes: fresh.nodes.map((n) => {
            const old = previous.get(n.id);
            const selected = select ? select.includes(n.id) : (old?.selected ?? false);
            return old?.measured ? { ...n, measured: old.measured, selected } : { ...n, selected };
          }),
          edges: fresh.edges,
        };
      });
      setMeta(metaOf(next));
    },
    [isContainer],
  );

  const travel = useCallback(
    (direction: "undo" | "redo") => {
      checkpoint();
      const h = history.current;
      const moved = direction === "undo" ? undoHistory(h) : redoHistory(h);
      if (moved === h) return;
      // Normalize through the flow conversion so the restored state compares equal and isn't recorded again.
      const restored = toFlow(moved.present, isContainer);
      const normalized = fromFlow(restored.nodes, restored.edges, metaOf(moved.present));
      history.current = { ...moved, present: normalized };
      historyJson.current = JSON.stringify(normalized);
      applyDefinition(normalized);
      syncHistorySize();
    },
    [applyDefinition, checkpoint, isContainer],
  );

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    setFlow((f) => {
      // A node React Flow reports on has been measured: its preset handles (if any) give way to the measurement.
      const touched = new Set(changes.map((c) => ("id" in c ? c.id : c.item.id)));
      const nodes = applyNodeChanges(changes, f.nodes).map((n) => (touched.has(n.id) ? withoutPresetHandles(n) : n));
      // A drag frame keeps the definition's nodes from before the drag; its last change (dragging: false) releases them.
      const dragging = changes.some((c) => c.type === "position" && c.dragging === true);
      const dropped = changes.some((c) => c.type === "position" && c.dragging === false);
      const held = dropped ? undefined : dragging ? (f.held ?? f.nodes) : f.held;
      return { ...f, nodes, held };
    });
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    setFlow((f) => ({ ...f, edges: applyEdgeChanges(changes, f.edges) }));
  }, []);

  const setNodes = useCallback((change: (nodes: FlowNode[]) => FlowNode[]) => {
    setFlow((f) => ({ ...f, nodes: sortParentsFirst(change(f.nodes).map(withoutPresetHandles)) }));
  }, []);
  const setEdges = useCallback((change: (edges: FlowEdge[]) => FlowEdge[]) => {
    setFlow((f) => ({ ...f, edges: change(f.edges) }));
  }, []);

  const updateNode = useCallback((id: string, change: (node: DefinitionNode) => DefinitionNode) => {
    setFlow((f) => ({
      ...f,
      nodes: f.nodes.map((n) => (n.id === id ? { ...withoutPresetHandles(n), data: { def: change({ ...n.data.def, id }) } } : n)),
    }));
  }, []);

  return {
    nodes,
    edges,
    definition,
    json,
    meta,
    setMeta,
    setNodes,
    setEdges,
    onNodesChange,
    onEdgesChange,
    updateNode,
    applyDefinition,
    undo: useCallback(() => travel("undo"), [travel]),
    redo: useCallback(() => travel("redo"), [travel]),
    canUndo: recorded.past > 0 || json !== recorded.json,
    canRedo: recorded.future > 0,
    /** Set while a drag or resize is under way: no undo step mid-gesture; unset, the definition follows the nodes again. */
    setBusy: useCallback((value: boolean) => {
      busy.current = value;
      if (!value) setFlow((f) => (f.held ? { ...f, held: undefined } : f));
    }, []),
    checkpoint,
  };
}

export type EditorState = ReturnType<typeof useEditorState>;
