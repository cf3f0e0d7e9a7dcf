"use client";
import { memo } from "react";
import { NodeResizer, useStore, type NodeProps } from "@xyflow/react";
import { MousePointerClick } from "lucide-react";
import { CONTAINER_MIN } from "@/lib/workflows/auto-layout";
import type { FlowNode } from "@/lib/workflows/definition-graph";
import { NodeIcon } from "./node-icons";
import { RunBadge, STATUS_LOOK } from "./run-overlay";
import { OutputRows, ProblemBadge, TargetHandle, configSummary } from "./node-parts";
import { useNodeSlice } from "./use-node-slice";
import { selectCompact } from "./level-of-detail";

/** A loop or parallel: a resizable frame whose body nodes are React Flow child nodes. */
function ContainerNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const def = { ...data.def, id };
  const { entry, problems, handles, run } = useNodeSlice(def);
  const empty = useStore((s) => !s.nodes.some((n) => n.parentId === id));
  const summary = configSummary(def, entry);
  // Zoomed out (./level-of-detail.ts) the header is the name in large type, as on compact steps.
  const compact = useStore(selectCompact);
  const frame = run
    ? STATUS_LOOK[run.status].ring
    : problems
    ? "border-red-400 ring-2 ring-red-500/30"
    : selected
      ? "border-indigo-500 ring-2 ring-indigo-500/20"
      : "border-zinc-300";
  return (
    <div
      className={`relative h-full w-full rounded-2xl border bg-zinc-50/70 ${frame}`}
      data-testid={`node-${id}`}
      data-problems={problems?.length ?? 0}
      data-run-status={run?.status}
    >
      {run && <RunBadge run={run} />}
      <NodeResizer
        isVisible={selected && !run}
        minWidth={CONTAINER_MIN.width}
        minHeight={CONTAINER_MIN.height}
        color="#6366f1"
        handleClassName="!h-2.5 !w-2.5 !rounded-sm"
      />
      <TargetHandle top={26} />
      {!run && <ProblemBadge messages={problems} />}
      <div className="flex h-[52px] items-center gap-2.5 rounded-t-2xl border-b border-zinc-200 bg-white/90 px-3">
        {compact ? (
          <div className="min-w-0 flex-1 truncate text-[28px] font-semibold leading-9 text-zinc-900" data-compact="">{def.name || id}</div>
        ) : (
          <>
            <div className="flex h-7 w-7 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
              <NodeIcon type={def.type} category={entry?.category} className="h-4 w-4" />
            </div>
            <div className="min-w-0 flex-1">
              <div className="flex items-center gap-1.5">
                <span className="truncate text-[13px] font-semibold text-zinc-900">{def.name || entry?.label || def.type}</span>
                <code className="font-mono text-[10.5px] text-zinc-500">{id}</code>
              </div>
              {summary && <div className="truncate font-mono text-[10.5px] text-zinc-500">{summary}</div>}
            </div>
          </>
        )}
        <div className="w-16" aria-hidden />
        <div className={`absolute right-0 top-0 w-28 ${handles.length > 1 ? "" : "h-[52px]"}`}>
          <OutputRows handles={handles} bare />
        </div>
      </div>
      {empty && (
        <div className="pointer-events-none absolute inset-x-0 bottom-0 top-[52px] flex items-center justify-center gap-2 text-xs text-zinc-400">
          <MousePointerClick className="h-4 w-4" aria-hidden /> Drop nodes here to run them {def.type === "parallel" ? "in each branch" : "in each iteration"}
        </div>
      )}
    </div>
  );
}

export const ContainerNode = memo(ContainerNodeView);
