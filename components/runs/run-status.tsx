"use client";
/** The run's own status as a pill, and the progress bar of node statuses. */
import { Ban, CircleCheck, CircleX, Hourglass, LoaderCircle, type LucideIcon } from "lucide-react";
import { createElement } from "react";
import { progressOf, runningCount, type RunStatus, type RunView } from "./run-view-model";

const RUN_LOOK: Record<RunStatus, { label: string; className: string; icon: LucideIcon; spin?: boolean }> = {
  pending: { label: "Starting", className: "bg-sky-50 text-sky-700 ring-sky-200", icon: LoaderCircle, spin: true },
  running: { label: "Running", className: "bg-sky-50 text-sky-700 ring-sky-200", icon: LoaderCircle, spin: true },
  paused: { label: "Waiting", className: "bg-violet-50 text-violet-700 ring-violet-200", icon: Hourglass },
  completed: { label: "Completed", className: "bg-emerald-50 text-emerald-700 ring-emerald-200", icon: CircleCheck },
  failed: { label: "Failed", className: "bg-red-50 text-red-700 ring-red-200", icon: CircleX },
  cancelled: { label: "Cancelled", className: "bg-zinc-100 text-zinc-600 ring-zinc-200", icon: Ban },
};

export function RunStatusPill({ status, small = false }: { status: string; small?: boolean }) {
  const look = RUN_LOOK[status as RunStatus] ?? RUN_LOOK.pending;
  return (
    <span className={`inline-flex items-center gap-1 rounded-full font-semibold ring-1 ${look.className} ${small ? "px-1.5 py-0.5 text-[10.5px]" : "px-2.5 py-1 text-[12px]"}`} data-testid={small ? undefined : "run-status"} data-status={status}>
      {createElement(look.icon, { className: `${small ? "h-3 w-3" : "h-3.5 w-3.5"} ${look.spin ? "animate-spin" : ""}`, "aria-hidden": true })}
      {look.label}
    </span>
  );
}

// No pulsing segment or dot: an endless CSS animation in the panel made Chromium (software
// compositing) repaint the page at every frame of a busy run, doubling its frame time (issue 14).
const SEGMENTS = [
  { key: "completed", color: "bg-emerald-500", label: "completed" },
  { key: "error-routed", color: "bg-amber-500", label: "error routed" },
  { key: "failed", color: "bg-red-500", label: "failed" },
  { key: "skipped", color: "bg-zinc-300", label: "skipped" },
  { key: "cancelled", color: "bg-zinc-400", label: "cancelled" },
  { key: "paused", color: "bg-violet-500", label: "waiting" },
  { key: "running", color: "bg-sky-500", label: "running" },
] as const;

export function RunProgress({ view }: { view: RunView }) {
  const { total, done, counts } = progressOf(view);
  // The bar counts nodes; the "running" label counts steps in flight (3 parallel branches are 3).
  const label = (key: (typeof SEGMENTS)[number]["key"]) => (key === "running" ? Math.max(runningCount(view), counts.running > 0 ? 1 : 0) : counts[key]);
  return (
    <div data-testid="run-progress">
      <div className="flex h-2 overflow-hidden rounded-full bg-zinc-100" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label="Nodes done">
        {SEGMENTS.map((s) => counts[s.key] > 0 && <div key={s.key} className={s.color} style={{ width: `${(counts[s.key] / Math.max(total, 1)) * 100}%` }} />)}
      </div>
      <div className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-[11.5px] text-zinc-600">
        <span className="font-semibold text-zinc-900">{done} of {total} done</span>
        {SEGMENTS.map((s) =>
          counts[s.key] > 0 ? (
            <span key={s.key} className="flex items-center gap-1" data-testid={`count-${s.key}`}>
              <span className={`h-2 w-2 rounded-full ${s.color}`} aria-hidden /> {label(s.key)} {s.label}
            </span>
          ) : null,
        )}
      </div>
    </div>
  );
}
