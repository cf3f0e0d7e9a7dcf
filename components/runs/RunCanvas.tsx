"use client";
/**
 * A run's read-only canvas: the run's workflow version drawn with the editor's node setup
 * (components/canvas/canvas-setup.tsx), the run over it through the same canvas store; nodes
 * can be selected (for their details), not moved or connected.
 */
import { useCallback, useMemo, useRef, useState } from "react";
import { ReactFlow, ReactFlowProvider, applyNodeChanges, type NodeChange } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { CanvasStoreContext, NO_PINS, useCanvasStore, usedHandlesOf } from "@/components/canvas/canvas-store";
import { useWorkflowNames } from "@/components/canvas/use-workflow-names";
import { CanvasBackdrop, CanvasMiniMap, defaultEdgeOptions, edgeTypes, nodeTypes } from "@/components/canvas/canvas-setup";
import { expectedFitViewport, presizeCompact, withoutPresetHandles } from "@/components/canvas/level-of-detail";
import { useColorMode } from "@/components/canvas/use-color-mode";
import { usePaneFit } from "@/components/canvas/use-pane-fit";
import { catalogByType, type Catalog } from "@/lib/workflows/catalog-types";
import { toFlow, type FlowNode } from "@/lib/workflows/definition-graph";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { indexProblems } from "@/lib/workflows/problem-paths";
import type { RunView } from "./run-view-model";

const FIT = { padding: 0.15, maxZoom: 1 };
const MIN_ZOOM = 0.1;

/** `workspace`: the slug of the run's workspace, for the names of the workflows its nodes call. */
type Props = { definition: WorkflowDefinition; catalog: Catalog; view: RunView | null; onSelect: (id: string | null) => void; workflowId: string; workspace?: string };

export function RunCanvas(p: Props) {
  return (
    <ReactFlowProvider>
      <RunCanvasInner {...p} />
    </ReactFlowProvider>
  );
}

function RunCanvasInner(p: Props) {
  const byType = useMemo(() => catalogByType(p.catalog), [p.catalog]);
  const flow = useMemo(() => toFlow(p.definition, (t) => byType.get(t)?.isContainer ?? false), [p.definition, byType]);
  // The nodes live in state so React Flow's measurements (dimension changes) stick: the minimap draws them.
  const [firstViewport] = useState(() => expectedFitViewport(flow.nodes, { ...FIT, minZoom: MIN_ZOOM }));
  const usedHandles = useMemo(() => usedHandlesOf(p.definition.edges), [p.definition.edges]);
  const readOnly = useCallback(
    (flowNodes: FlowNode[]) => presizeCompact(flowNodes.map((n) => ({ ...n, draggable: false })), firstViewport, byType, usedHandles),
    [firstViewport, byType, usedHandles],
  );
  const [nodes, setNodes] = useState<FlowNode[]>(() => readOnly(flow.nodes));
  const [seen, setSeen] = useState(flow);
  if (seen !== flow) {
    setSeen(flow);
    setNodes(readOnly(flow.nodes));
  }
  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const kept = changes.filter((c) => c.type === "dimensions");
    if (kept.length === 0) return;
    // Measured: preset handles (level-of-detail.ts) give way to the measurement.
    const measured = new Set(kept.map((c) => c.id));
    setNodes((ns) => applyNodeChanges(kept, ns).map((n) => (measured.has(n.id) ? withoutPresetHandles(n) : n)));
  }, []);
  const problems = useMemo(() => indexProblems([], p.definition), [p.definition]);
  const workflowNames = useWorkflowNames(p.definition, p.workspace);
  const store = useCanvasStore({ catalog: byType, problems, usedHandles, run: p.view, pinned: NO_PINS, workflowNames });
  const pane = useRef<HTMLDivElement>(null);
  usePaneFit(pane);
  const colorMode = useColorMode();
  const { onSelect } = p;
  const select = useCallback(
    (id: string | null) => {
      setNodes((ns) => ns.map((n) => (Boolean(n.selected) === (n.id === id) ? n : { ...n, selected: n.id === id })));
      onSelect(id);
    },
    [onSelect],
  );
  // Stable: React Flow hands these to every node's wrapper, so a new function would re-render all of them at each event.
  const onNodeClick = useCallback((_event: unknown, node: FlowNode) => select(node.id), [select]);
  const onPaneClick = useCallback(() => select(null), [select]);
  // One element while only the run changes: the run reaches nodes and edges through the store,
  // so React Flow itself needn't render again at each event.
  const canvas = useMemo(
    () => (
      <ReactFlow
        colorMode={colorMode}
        nodes={nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        onNodeClick={onNodeClick}
        onPaneClick={onPaneClick}
        defaultViewport={firstViewport}
        fitView
        fitViewOptions={FIT}
        minZoom={MIN_ZOOM}
      >
        <CanvasBackdrop />
        <CanvasMiniMap />
      </ReactFlow>
    ),
    [colorMode, nodes, flow.edges, onNodesChange, onNodeClick, onPaneClick, firstViewport],
  );
  return (
    <CanvasStoreContext.Provider value={store}>
      <div className="relative h-full min-h-0 min-w-0 flex-1" data-testid="run-canvas" ref={pane}>
        {canvas}
      </div>
    </CanvasStoreContext.Provider>
  );
}
