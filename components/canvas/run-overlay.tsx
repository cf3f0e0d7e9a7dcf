"use client";
/**
 * A run drawn over the canvas: nodes get a status ring and badge, edges animate while active.
 * The run comes from the canvas store (./canvas-store.ts); without a run nodes look as they do
 * while editing.
 */
import { CircleCheck, CircleDashed, CircleSlash, CircleX, Hourglass, LoaderCircle, Split, type LucideIcon } from "lucide-react";
import { edgeRunState, formatDuration, type EdgeRunState, type NodeView, type NodeViewStatus } from "@/components/runs/run-view-model";
import { useCanvas } from "./canvas-store";

/** The edge's run state (a string: the edge re-renders only when it changes). */
export function useEdgeRun(edge: { source: string; target: string; sourceHandle?: string | null }): EdgeRunState | null {
  return useCanvas((s) => (s.run ? edgeRunState(s.run, edge) : null));
}

/** `fill`: the whole card of a compact node (./level-of-detail.ts). */
type Look = { label: string; ring: string; badge: string; fill: string; Icon: LucideIcon; spin?: boolean };

export const STATUS_LOOK: Record<NodeViewStatus, Look> = {
  queued: { label: "Queued", ring: "border-zinc-300 border-dashed", badge: "bg-white text-zinc-500 ring-zinc-200", fill: "border-zinc-300 border-dashed bg-white text-zinc-500", Icon: CircleDashed },
  running: { label: "Running", ring: "border-sky-500 ring-4 ring-sky-500/20", badge: "bg-sky-600 text-white ring-sky-600", fill: "border-sky-600 bg-sky-600 text-white", Icon: LoaderCircle, spin: true },
  completed: { label: "Completed", ring: "border-emerald-500 ring-4 ring-emerald-500/15", badge: "bg-emerald-600 text-white ring-emerald-600", fill: "border-emerald-600 bg-emerald-600 text-white", Icon: CircleCheck },
  failed: { label: "Failed", ring: "border-red-500 ring-4 ring-red-500/20", badge: "bg-red-600 text-white ring-red-600", fill: "border-red-600 bg-red-600 text-white", Icon: CircleX },
  "error-routed": { label: "Error routed", ring: "border-amber-500 ring-4 ring-amber-500/20", badge: "bg-amber-500 text-white ring-amber-500", fill: "border-amber-500 bg-amber-500 text-white", Icon: Split },
  skipped: { label: "Skipped", ring: "border-zinc-200 opacity-55", badge: "bg-zinc-100 text-zinc-500 ring-zinc-200", fill: "border-zinc-200 bg-zinc-100 text-zinc-400", Icon: CircleSlash },
  paused: { label: "Waiting", ring: "border-violet-500 ring-4 ring-violet-500/20", badge: "bg-violet-600 text-white ring-violet-600", fill: "border-violet-600 bg-violet-600 text-white", Icon: Hourglass },
  cancelled: { label: "Cancelled", ring: "border-zinc-400 opacity-70", badge: "bg-zinc-500 text-white ring-zinc-500", fill: "border-zinc-500 bg-zinc-500 text-white", Icon: CircleSlash },
};

/** What the badge says after the status: duration, attempts, iterations, instances. */
export function runDetails(run: NodeView): string[] {
  const extra: string[] = [];
  if (run.durationMs !== undefined && run.status !== "running" && run.status !== "queued") extra.push(formatDuration(run.durationMs));
  if (run.attempts > 1) extra.push(`${run.attempts} attempts`);
  if (run.retrying) extra.push(`retry ${run.retrying.attempt}`);
  if (run.iterations) extra.push(`${run.iterations.finished}${run.iterations.started > run.iterations.finished ? `/${run.iterations.started}` : ""} iter.`);
  if (run.instances && run.instances.running > 1) extra.push(`${run.instances.running} running`);
  if (run.instances && run.instances.completed + run.instances.failed > 1) extra.push(`×${run.instances.completed + run.instances.failed}`);
  return extra;
}

/** The pill above a node: status, duration, attempts, iterations. */
export function RunBadge({ run }: { run: NodeView }) {
  const look = STATUS_LOOK[run.status];
  const Icon = look.Icon;
  const extra = runDetails(run);
  return (
    <div
      className={`pointer-events-none absolute -top-3 left-3 z-10 flex h-6 items-center gap-1 rounded-full px-2 text-[11px] font-semibold shadow-sm ring-1 ${look.badge}`}
      data-testid="run-badge"
    >
      <Icon className={`h-3.5 w-3.5 ${look.spin ? "animate-spin" : ""}`} aria-hidden />
      <span>{look.label}</span>
      {extra.length > 0 && <span className="font-medium opacity-85">· {extra.join(" · ")}</span>}
    </div>
  );
}
