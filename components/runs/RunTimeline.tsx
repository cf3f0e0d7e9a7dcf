"use client";
/** The run's events, oldest first, with their time from the start; a node's entries select it. */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { RunView, TimelineEntry, TimelineTone } from "./run-view-model";

const DOT: Record<TimelineTone, string> = {
  info: "bg-sky-500", success: "bg-emerald-500", error: "bg-red-500", warning: "bg-amber-500", muted: "bg-zinc-300",
};

function offset(at: number, start: number | undefined): string {
  if (start === undefined) return "";
  const ms = Math.max(0, at - start);
  return ms < 1000 ? `+${ms} ms` : `+${(ms / 1000).toFixed(2)} s`;
}

/**
 * The newest entries drawn; earlier ones behind a button. A busy run's timeline grows by hundreds
 * of entries a second, and the browser's cost of every drawn row is paid again at each frame
 * (a 600-row timeline doubled the run page's frame time, issue 14).
 */
export const TIMELINE_TAIL = 150;

/**
 * How often the timeline takes new entries while events stream. The canvas shows each event at
 * the next frame; the list, whose every change costs the browser a layout, paint and layerize
 * of the panel, catches up at most 5 times a second (a busy run sends 100+ events a second).
 */
export const TIMELINE_REFRESH_MS = 200;

export function RunTimeline({ view, onSelectNode }: { view: RunView; onSelectNode?: (id: string) => void }) {
  const [showAll, setShowAll] = useState(false);
  const timeline = useThrottled(view.timeline, TIMELINE_REFRESH_MS);
  // One function for the panel's life: rows already shown don't render again when an event arrives.
  const latest = useRef(onSelectNode);
  useLayoutEffect(() => {
    latest.current = onSelectNode;
  });
  const select = useCallback((id: string) => latest.current?.(id), []);
  const start = view.startedAt ?? timeline[0]?.at;
  const selectable = onSelectNode !== undefined;
  // The rows change only when the throttled timeline does, not at each event.
  const { rows, hidden } = useMemo(() => {
    const shown = showAll ? timeline : timeline.slice(-TIMELINE_TAIL);
    return {
      rows: shown.map((t) => <TimelineRow key={t.seq} entry={t} start={start} onSelect={selectable ? select : undefined} />),
      hidden: timeline.length - shown.length,
    };
  }, [timeline, showAll, start, selectable, select]);
  if (timeline.length === 0) return <p className="px-4 py-6 text-center text-[12.5px] text-zinc-500">Waiting for the first event…</p>;
  // Its own scroller in reverse: it opens at the newest entry and stays there as entries arrive
  // (while the reader is at the bottom) with no script; scrolling into view from script forced
  // a layout of the page at every event of a busy run.
  return (
    <div className="flex h-full flex-col-reverse overflow-y-auto" data-testid="run-timeline-scroller">
      <ol className="fm-timeline-line px-4 py-3" data-testid="run-timeline">
        {hidden > 0 && (
          <li className="pb-2 pl-6">
            <button type="button" onClick={() => setShowAll(true)} className="rounded-md px-1 text-[12px] font-medium text-indigo-600 hover:bg-indigo-50" data-testid="timeline-show-earlier">
              Show {hidden.toLocaleString("en-US")} earlier {hidden === 1 ? "event" : "events"}
            </button>
          </li>
        )}
        {rows}
      </ol>
    </div>
  );
}

/** `value`, taking a new one at most every `ms` (the latest one always arrives, at most `ms` late). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const taken = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const take = () => {
      taken.current = performance.now();
      setShown(() => value);
    };
    const wait = taken.current + ms - performance.now();
    if (wait <= 0) return take();
    const timer = setTimeout(take, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}

const TimelineRow = memo(function TimelineRow({ entry: t, start, onSelect }: { entry: TimelineEntry; start: number | undefined; onSelect?: (id: string) => void }) {
  return (
    <li className="flex gap-3 py-1">
      <span className={`mt-[5px] h-2.5 w-2.5 shrink-0 rounded-full ring-2 ring-white ${DOT[t.tone]}`} aria-hidden />
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
