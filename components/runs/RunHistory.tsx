"use client";
/** Recent runs of the workflow with status filters; picking one shows it on the canvas. */
import { useCallback, useEffect, useState } from "react";
import { RefreshCw } from "lucide-react";
import { relativeTime } from "@/lib/workflows/relative-time";
import { formatDuration } from "./run-format";
import { RunStatusPill } from "./run-status";

export type RunSummary = { id: string; status: string; trigger: string; startedAt: string; finishedAt: string | null; durationMs: number | null };
export type ListRuns = (statuses: string[]) => Promise<RunSummary[] | { error: string }>;

const FILTERS = [
  { label: "All", statuses: [] },
  { label: "Running", statuses: ["running", "pending"] },
  { label: "Waiting", statuses: ["paused"] },
  { label: "Completed", statuses: ["completed"] },
  { label: "Failed", statuses: ["failed"] },
  { label: "Cancelled", statuses: ["cancelled"] },
];

export function RunHistory({ listRuns, activeRunId, onOpen, refreshKey }: { listRuns: ListRuns; activeRunId: string | null; onOpen: (id: string) => void; refreshKey: string }) {
  const [filter, setFilter] = useState(0);
  const [state, setState] = useState<{ runs: RunSummary[]; error: string | null; loading: boolean }>({ runs: [], error: null, loading: true });
  const [reload, setReload] = useState(0);
  const load = useCallback(async (statuses: string[]) => {
    try {
      const result = await listRuns(statuses);
      return "error" in result ? { runs: [], error: result.error, loading: false } : { runs: result, error: null, loading: false };
    } catch {
      return { runs: [], error: "The server didn't answer.", loading: false };
    }
  }, [listRuns]);
  useEffect(() => {
    let live = true;
    void load(FILTERS[filter].statuses).then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, [load, filter, refreshKey, reload]);

  return (
    <div className="py-2" data-testid="run-history">
      <div className="flex items-center gap-1 overflow-x-auto px-3 pb-2" role="tablist" aria-label="Filter runs by status">
        {FILTERS.map((f, i) => (
          <button key={f.label} type="button" role="tab" aria-selected={filter === i} onClick={() => setFilter(i)} className={`shrink-0 rounded-full px-2.5 py-1 text-[11.5px] font-medium ${filter === i ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100"}`}>
            {f.label}
          </button>
        ))}
        <button type="button" onClick={() => setReload((n) => n + 1)} aria-label="Refresh runs" className="ml-auto shrink-0 rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700"><RefreshCw className="h-3.5 w-3.5" /></button>
      </div>
      {state.error && <p role="alert" className="px-4 py-2 text-[12px] text-red-600">{state.error}</p>}
      {!state.loading && !state.error && state.runs.length === 0 && <p className="px-4 py-8 text-center text-[12.5px] text-zinc-500">No runs{filter > 0 ? " with this status" : " yet: press Run"}.</p>}
      <ul className="divide-y divide-zinc-100">
        {state.runs.map((r) => (
          <li key={r.id}>
            <button type="button" onClick={() => onOpen(r.id)} aria-current={r.id === activeRunId ? "true" : undefined} className={`flex w-full items-center gap-3 px-4 py-2.5 text-left hover:bg-zinc-50 ${r.id === activeRunId ? "bg-indigo-50/60" : ""}`}>
              <RunStatusPill status={r.status} small />
              <span className="min-w-0 flex-1">
                <span className="block truncate font-mono text-[11px] text-zinc-700">{r.id}</span>
                <span className="text-[11px] text-zinc-500">{relativeTime(new Date(r.startedAt))} · {r.trigger}</span>
              </span>
              <span className="shrink-0 font-mono text-[11px] text-zinc-500">{formatDuration(r.durationMs ?? undefined)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
