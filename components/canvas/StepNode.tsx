"use client";
import { memo } from "react";
import { Pin } from "lucide-react";
import { useStore, type NodeProps } from "@xyflow/react";
import type { FlowNode } from "@/lib/workflows/definition-graph";
import { NodeIcon } from "./node-icons";
import { RunBadge, STATUS_LOOK, runDetails } from "./run-overlay";
import { OutputRows, ProblemBadge, TargetHandle, configSummary } from "./node-parts";
import { useNodeSlice, type NodeSlice } from "./use-node-slice";
import { selectCompact } from "./level-of-detail";

function StepNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const def = { ...data.def, id };
  const slice = useNodeSlice(def);
  const compact = useStore(selectCompact);
  // Zoomed out, nodes are told apart by their names, or by their ids (a label like "Delay" repeats).
  if (compact) return <CompactStep id={id} name={def.name || id} label={slice.entry?.label ?? def.type} slice={slice} selected={selected} />;
  const { entry, problems, handles, run, pinned, calls } = slice;
  const summary = calls !== undefined ? `Runs “${calls}”` : configSummary(def, entry);
  const ring = run
    ? `${STATUS_LOOK[run.status].ring} ${selected ? "outline-2 outline-offset-2 outline-indigo-500" : ""}`
    : problems
    ? "border-red-400 ring-2 ring-red-500/30"
    : selected
      ? "border-indigo-500 ring-2 ring-indigo-500/25"
      : "border-zinc-200 hover:border-zinc-300";
  return (
    <div
      className={`relative w-[240px] rounded-xl border bg-white shadow-[0_1px_2px_rgba(0,0,0,0.04),0_2px_8px_rgba(0,0,0,0.04)] ${ring}`}
      data-testid={`node-${id}`}
      data-problems={problems?.length ?? 0}
      data-run-status={run?.status}
    >
      {run && <RunBadge run={run} />}
      {!entry?.isEntry && <TargetHandle />}
      {!run && <ProblemBadge messages={problems} />}
      <div className="flex items-start gap-2.5 px-3 py-2.5">
        <div
          className={`mt-0.5 flex h-8 w-8 shrink-0 items-center justify-center rounded-lg ${
            entry?.isEntry ? "bg-indigo-600 text-white" : "bg-zinc-100 text-zinc-700"
          }`}
        >
          <NodeIcon type={def.type} category={entry?.category} className="h-4 w-4" />
        </div>
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-1">
            <span className="truncate text-[13px] font-semibold leading-5 text-zinc-900">{def.name || entry?.label || def.type}</span>
            {pinned && (
              <span data-testid={`pinned-${id}`} title="Sample data pinned: Test this node uses it" className="inline-flex shrink-0 items-center rounded bg-amber-100 p-0.5 text-amber-700">
                <Pin className="h-3 w-3" aria-label="Sample data pinned" />
              </span>
            )}
          </div>
          <div className="flex items-center gap-1.5 text-[11px] leading-4 text-zinc-500">
            <span className="truncate">{entry?.label ?? `Unknown type “${def.type}”`}</span>
            <span className="text-zinc-300">·</span>
            <code className="truncate font-mono text-[10.5px] text-zinc-500">{id}</code>
          </div>
        </div>
      </div>
      {summary && (
        <div className="mx-3 mb-2.5 -mt-0.5 truncate rounded-md bg-zinc-50 px-2 py-1 font-mono text-[10.5px] text-zinc-600">
          {summary}
        </div>
      )}
      <OutputRows handles={handles} />
    </div>
  );
}

/** The node zoomed out (./level-of-detail.ts): its name in large type, its run status as the fill. */
function CompactStep({ id, name, label, slice, selected }: { id: string; name: string; label: string; slice: NodeSlice; selected: boolean }) {
  const { entry, problems, handles, run } = slice;
  const look = run ? STATUS_LOOK[run.status] : null;
  const fill = look
    ? look.fill
    : problems
      ? "border-red-500 bg-red-50 text-red-800"
      : entry?.isEntry
        ? "border-indigo-600 bg-indigo-600 text-white"
        : "border-zinc-300 bg-white text-zinc-800";
  return (
    <div
      className={`fm-compact-node relative w-[240px] rounded-xl border-2 ${fill} ${selected ? "outline-4 outline-offset-4 outline-indigo-500" : ""}`}
      data-testid={`node-${id}`}
      data-problems={problems?.length ?? 0}
      data-run-status={run?.status}
      data-compact=""
      title={[`${name} (${label})`, ...(run && look ? [look.label, ...runDetails(run)] : [])].join(" · ")}
    >
      {!entry?.isEntry && <TargetHandle />}
      <div className="truncate px-4 py-4 text-[28px] font-semibold leading-9">{name}</div>
      <OutputRows handles={handles} />
    </div>
  );
}

export const StepNode = memo(StepNodeView);
