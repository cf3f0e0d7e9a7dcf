"use client";
/** The node and edge setup every canvas shares (the editor, the run page, the share page). */
import { Background, BackgroundVariant, Controls, MiniMap } from "@xyflow/react";
import { CONTAINER_NODE, type FlowNode } from "@/lib/workflows/definition-graph";
import { ContainerNode } from "./ContainerNode";
import { FlowEdge } from "./FlowEdge";
import { StepNode } from "./StepNode";

export const nodeTypes = { step: StepNode, [CONTAINER_NODE]: ContainerNode };
export const edgeTypes = { flow: FlowEdge };
export const defaultEdgeOptions = { type: "flow" };

const minimapColor = (n: FlowNode) => (n.type === CONTAINER_NODE ? "var(--fm-minimap-container, #e0e7ff)" : "var(--fm-minimap-node, #a1a1aa)");

export function CanvasMiniMap() {
  return (
    <MiniMap<FlowNode>
      pannable
      zoomable
      className="!rounded-lg !border !border-zinc-200 !shadow-sm max-sm:!hidden"
      nodeColor={minimapColor}
      nodeBorderRadius={6}
      maskColor="var(--fm-minimap-mask, rgba(244,244,245,0.7))"
      bgColor="var(--fm-minimap-bg, #ffffff)"
      data-testid="minimap"
    />
  );
}

/** The dotted backdrop and the zoom controls every canvas has. */
export function CanvasBackdrop() {
  return (
    <>
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--fm-canvas-dots, #d4d4d8)" />
      <Controls showInteractive={false} className="!rounded-lg !border !border-zinc-200 !shadow-sm" />
    </>
  );
}
