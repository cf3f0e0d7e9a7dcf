"use client";
import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps } from "@xyflow/react";
import { TriangleAlert } from "lucide-react";
import type { FlowEdge as FlowEdgeType } from "@/lib/workflows/definition-graph";
import { useCanvas } from "./canvas-store";
import { useEdgeRun } from "./run-overlay";
import { selectCompact } from "./level-of-detail";
import type { EdgeRunState } from "@/components/runs/run-view-model";

/** An edge coloured by its handle (error edges red and dashed) with the problems that concern it. */
function FlowEdgeView(props: EdgeProps<FlowEdgeType>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, sourceHandleId, markerEnd } = props;
  const runState = useEdgeRun({ source, target, sourceHandle: sourceHandleId });
  const compact = useStore(selectCompact);
  const problems = useCanvas((s) => s.problems.byEdge[id]);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const isError = sourceHandleId === "error";
  const stroke = problems ? "#dc2626" : selected ? "#4f46e5" : isError ? "#ef4444" : "#a1a1aa";
  if (runState) return <RunEdge id={id} path={path} markerEnd={markerEnd} state={runState} isError={isError} still={compact} />;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke, strokeWidth: selected || problems ? 2.25 : 1.75, strokeDasharray: isError ? "6 4" : undefined }}
      />
      {problems && (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan group/edge absolute"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, pointerEvents: "all" }}
            data-testid={`edge-problem-${id}`}
          >
            <div className="flex h-5 w-5 items-center justify-center rounded-full bg-red-600 text-white shadow ring-2 ring-white">
              <TriangleAlert className="h-3 w-3" aria-label="Problem" />
            </div>
            <ul className="absolute left-1/2 top-6 hidden w-60 -translate-x-1/2 space-y-1 rounded-lg border border-red-200 bg-white p-2 text-[11px] leading-snug text-red-700 shadow-lg group-hover/edge:block">
              {problems.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/**
 * An edge during a run: flowing while active, coloured once taken, faded when not taken. `still`:
 * zoomed out (./level-of-detail.ts) an active edge doesn't flow; its dashes would be under a pixel,
 * and the animation repaints the page at every frame.
 */
function RunEdge({ id, path, markerEnd, state, isError, still }: { id: string; path: string; markerEnd?: string; state: EdgeRunState; isError: boolean; still: boolean }) {
  const color = state === "idle" || state === "dead" ? "#d4d4d8" : isError ? "#f59e0b" : state === "active" ? "#0284c7" : "#10b981";
  return (
    <g data-testid={`run-edge-${id}`} data-run-edge={state}>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{
          stroke: color,
          strokeWidth: state === "taken" || state === "active" ? 2.5 : 1.5,
          strokeDasharray: state === "active" ? "6 4" : state === "dead" ? "2 4" : undefined,
          animation: state === "active" && !still ? "dashdraw 0.6s linear infinite" : undefined,
          opacity: state === "dead" ? 0.6 : 1,
        }}
      />
    </g>
  );
}

export const FlowEdge = memo(FlowEdgeView);
