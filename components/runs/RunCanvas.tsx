"use client";
/**
 * A run's read-only canvas: the run's workflow version drawn with the editor's nodes and edges,
 * the run over it; nodes can be selected (for their details), not moved or connected.
 */
import { useMemo, useState } from "react";
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { ContainerNode } from "@/components/canvas/ContainerNode";
import { EditorContext, type EditorApi } from "@/components/canvas/editor-context";
import { FlowEdge } from "@/components/canvas/FlowEdge";
import { RunOverlayContext } from "@/components/canvas/run-overlay";
import { StepNode } from "@/components/canvas/StepNode";
import { catalogByType, type Catalog } from "@/lib/workflows/catalog-types";
import { CONTAINER_NODE, toFlow, type FlowNode } from "@/lib/workflows/definition-graph";
import type { WorkflowDefinition } from "@/lib/workflows/definition-types";
import { indexProblems } from "@/lib/workflows/problem-paths";
import type { RunView } from "./run-view-model";

const nodeTypes = { step: StepNode, [CONTAINER_NODE]: ContainerNode };
const edgeTypes = { flow: FlowEdge };
const defaultEdgeOptions = { type: "flow" };
const readOnly = () => "This is a finished version of the workflow: edit it in the editor.";

export function RunCanvas(p: { definition: WorkflowDefinition; catalog: Catalog; view: RunView | null; onSelect: (id: string | null) => void; workflowId: string }) {
  const byType = useMemo(() => catalogByType(p.catalog), [p.catalog]);
  const flow = useMemo(() => toFlow(p.definition, (t) => byType.get(t)?.isContainer ?? false), [p.definition, byType]);
  const [selected, setSelected] = useState<string | null>(null);
  const nodes = useMemo<FlowNode[]>(() => flow.nodes.map((n) => ({ ...n, selected: n.id === selected, draggable: false })), [flow.nodes, selected]);
  const api: EditorApi = useMemo(
    () => ({
      workflowId: p.workflowId,
      catalog: byType,
      definition: p.definition,
      problems: [],
      problemIndex: indexProblems([], p.definition),
      hasProblems: false,
      saveStatus: { state: "saved" },
      updateNode: () => {},
      renameNode: readOnly,
    }),
    [p.workflowId, byType, p.definition],
  );
  const select = (id: string | null) => {
    setSelected(id);
    p.onSelect(id);
  };
  return (
    <EditorContext.Provider value={api}>
      <RunOverlayContext.Provider value={p.view}>
        <ReactFlowProvider>
          <div className="relative h-full min-w-0 flex-1" data-testid="run-canvas">
            <ReactFlow
              nodes={nodes}
              edges={flow.edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              defaultEdgeOptions={defaultEdgeOptions}
              nodesDraggable={false}
              nodesConnectable={false}
              edgesFocusable={false}
              deleteKeyCode={null}
              onNodeClick={(_e, n) => select(n.id)}
              onPaneClick={() => select(null)}
              fitView
              fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
              minZoom={0.1}
            >
              <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#d4d4d8" />
              <Controls showInteractive={false} className="!rounded-lg !border !border-zinc-200 !shadow-sm" />
              <MiniMap pannable zoomable className="!rounded-lg !border !border-zinc-200 !shadow-sm" nodeBorderRadius={6} maskColor="rgba(244,244,245,0.7)" />
            </ReactFlow>
          </div>
        </ReactFlowProvider>
      </RunOverlayContext.Provider>
    </EditorContext.Provider>
  );
}
