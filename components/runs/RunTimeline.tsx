"use client";
/** The run's events, oldest first, with their time from the start; a node's entries select it. */
import { memo, useCallback, useEffect, useLayoutEffect, useRef } from "react";
import type { RunView, TimelineEntry, TimelineTone } from "./run-view-model";

const DOT: Record<TimelineTone, string> = {
  info: "bg-sky-500", success: "bg-emerald-500", error: "bg-red-500", warning: "bg-amber-500", muted: "bg-zinc-300",
};

function offset(at: number, start: number | undefined): string {
  if (start === undefined) return "";
  const ms = Math.max(0, at - start);
  return ms < 1000 ? `+${ms} ms` : `+${(ms / 1000).toFixed(2)} s`;
}

export function RunTimeline({ view, onSelectNode }: { view: RunView; onSelectNode?: (id: string) => void }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" });
  }, [view.timeline.length]);
  // One function for the panel's life: rows already shown don't render again when an event arrives.
  const latest = useRef(onSelectNode);
  useLayoutEffect(() => {
    latest.current = onSelectNode;
  });
  const select = useCallback((id: string) => latest.current?.(id), []);
  if (view.timeline.length === 0) return <p className="px-4 py-6 text-center text-[12.5px] text-zinc-500">Waiting for the first event…</p>;
  const start = view.startedAt ?? view.timeline[0]?.at;
  return (
    <ol className="relative px-4 py-3" data-testid="run-timeline">
      <div className="absolute bottom-4 left-[21px] top-4 w-px bg-zinc-200" aria-hidden />
      {view.timeline.map((t) => (
        <TimelineRow key={t.seq} entry={t} start={start} onSelect={onSelectNode ? select : undefined} />
      ))}
      <li ref={end} aria-hidden />
    </ol>
  );
}

const TimelineRow = memo(function TimelineRow({ entry: t, start, onSelect }: { entry: TimelineEntry; start: number | undefined; onSelect?: (id: string) => void }) {
  return (
    <li className="relative flex gap-3 py-1">
      <span className={`relative z-10 mt-[5px] h-2.5 w-2.5 shrink-0 rounded-full ring-2 ring-white ${DOT[t.tone]}`} aria-hidden />
      <button
        type="button"
        disabled={!t.nodeId || !onSelect}
        onClick={() => t.nodeId && onSelect?.(t.nodeId)}
        className="min-w-0 flex-1 rounded px-1 text-left hover:bg-zinc-50 disabled:cursor-default disabled:hover:bg-transparent"
      >
        <span className="block break-words text-[12.5px] leading-snug text-zinc-800">{t.text}</span>
        <span className="font-mono text-[10.5px] text-zinc-400">{offset(t.at, start)}</span>
      </button>
    </li>
  );
});
