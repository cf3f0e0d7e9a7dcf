"use client";
/**
 * A run's live view: one EventSource on /api/runs/:id/events feeding the run view reducer, plus
 * the run result (GET /api/runs/:id) when the run pauses or ends (outputs, approval links), or
 * when the stream can't be opened.
 */
import { useEffect, useReducer, useState } from "react";
import { initialRunView, isTerminal, runViewReducer, snapshotBehind, type RunResultSnapshot, type RunStatus, type RunView, type RunViewAction } from "./run-view-model";
import { parseChunk, parseWireEvent } from "./wire-events";

/** Where a run's result and events are read: the owner's API, or a share link's own (issue 6). */
export type RunSource = { result: string; events: string };
const ownerSource = (runId: string): RunSource => ({ result: `/api/runs/${encodeURIComponent(runId)}`, events: `/api/runs/${encodeURIComponent(runId)}/events` });

/** The run result and the last event it reflects (lib/runs/http.ts RUN_SEQ_HEADER; absent once the run ended). */
async function fetchResult(url: string, signal: AbortSignal): Promise<{ result: RunResultSnapshot; seq: number | null } | null> {
  try {
    const response = await fetch(url, { signal, cache: "no-store" });
    if (!response.ok) return null;
    const seq = response.headers.get("FlowMaestro-Run-Seq");
    return { result: (await response.json()) as RunResultSnapshot, seq: seq === null ? null : Number(seq) };
  } catch {
    return null;
  }
}

/** `batch`: the stream's messages of one animation frame, applied in one render. */
type HookAction = RunViewAction | { type: "reset"; view: RunView | null } | { type: "batch"; actions: RunViewAction[] };

function hookReducer(view: RunView | null, action: HookAction): RunView | null {
  if (action.type === "reset") return action.view;
  if (!view) return view;
  return action.type === "batch" ? action.actions.reduce(runViewReducer, view) : runViewReducer(view, action);
}

/** The live connection: `live` while the stream is open, `lost` while it is down (retrying), `ended` once the run's stream closed. */
export type RunConnection = "connecting" | "live" | "lost" | "ended";

/** The live view of `runId` (null: no run shown). `nodeIds` start as "queued". */
export function useRunView(runId: string | null, nodeIds: readonly string[], initialStatus: RunStatus = "running", source?: RunSource): RunView | null {
  return useRunLive(runId, nodeIds, initialStatus, source).view;
}

/** The same, with the reducer's dispatch for a second source of actions (a run on Trigger.dev). */
export function useRunViewState(
  runId: string | null,
  nodeIds: readonly string[],
  initialStatus: RunStatus = "running",
  source?: RunSource,
): [RunView | null, (action: RunViewAction) => void] {
  const live = useRunLive(runId, nodeIds, initialStatus, source);
  return [live.view, live.dispatch];
}

/** After the stream closed on an error (the server down or restarting), a new one is opened after this long, doubling up to the cap. */
const RECONNECT_MS = 1000;
const RECONNECT_CAP_MS = 10_000;
/** A result read behind the events already applied (not stored yet) is read again after this long, doubling, this many times. */
const RESYNC_MS = 100;
const RESYNC_CAP_MS = 2000;
const RESYNC_TRIES = 10;

/**
 * The view, its dispatch and the connection. When the stream drops, the browser (or, once it
 * gives up, this hook) reconnects with Last-Event-ID: the server replays every stored event after
 * it and the text of nodes still streaming, and the run result is read again, so the view catches up.
 */
export function useRunLive(runId: string | null, nodeIds: readonly string[], initialStatus: RunStatus = "running", source?: RunSource) {
  const [view, dispatch] = useReducer(hookReducer, null, () => (runId ? initialRunView(runId, nodeIds, initialStatus) : null));
  const [connection, setConnection] = useState<RunConnection>("connecting");
  // Another run picked: start its view from scratch (adjusted while rendering, before its events).
  if ((view?.runId ?? null) !== runId) dispatch({ type: "reset", view: runId ? initialRunView(runId, nodeIds, initialStatus) : null });

  useEffect(() => {
    if (!runId) return;
    const abort = new AbortController();
    const urls = source ?? ownerSource(runId);
    let stream: EventSource | null = null;
    let lastSeq = -1;
    let ended = false;
    let lost = false;
    let retryMs = RECONNECT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const resyncTimers = new Set<ReturnType<typeof setTimeout>>();
    // A busy run sends hundreds of events a second, each its own task: rendering per message would
    // redraw the panel and canvas hundreds of times a second. Messages of one frame render once.
    let pending: RunViewAction[] = [];
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      const actions = pending;
      pending = [];
      if (actions.length > 0 && !abort.signal.aborted) dispatch({ type: "batch", actions });
    };
    const queue = (action: RunViewAction) => {
      pending.push(action);
      frame ??= requestAnimationFrame(flush);
    };
    const resync = async (attempt = 0): Promise<void> => {
      const read = await fetchResult(urls.result, abort.signal);
      if (!read || abort.signal.aborted) return;
      // Behind the events applied (they are stored a moment after they are sent): read again shortly.
      if (snapshotBehind({ lastSeq, ended }, read.result, read.seq)) {
        if (attempt + 1 >= RESYNC_TRIES) return;
        const again = setTimeout(() => {
          resyncTimers.delete(again);
          void resync(attempt + 1);
        }, Math.min(RESYNC_MS * 2 ** attempt, RESYNC_CAP_MS));
        resyncTimers.add(again);
        return;
      }
      // The events already received go first: the snapshot is compared with them.
      if (frame !== null) cancelAnimationFrame(frame);
      flush();
      dispatch({ type: "snapshot", result: read.result, seq: read.seq });
      if (isTerminal(read.result.status)) end();
    };
    const end = () => {
      ended = true;
      stream?.close();
      clearTimeout(timer);
      setConnection("ended");
    };
    const connect = () => {
      // The seq already applied rides along: the server sends only what came after it.
      const url = lastSeq >= 0 ? `${urls.events}${urls.events.includes("?") ? "&" : "?"}lastEventId=${lastSeq}` : urls.events;
      const current = new EventSource(url);
      stream = current;
      current.onopen = () => {
        retryMs = RECONNECT_MS;
        setConnection("live");
        if (lost) void resync(); // what changed while the connection was down
        lost = false;
      };
      current.onmessage = (message) => {
        const event = parseWireEvent(message.data);
        const seq = Number(message.lastEventId);
        if (!event || !Number.isInteger(seq)) return;
        lastSeq = Math.max(lastSeq, seq);
        queue({ type: "event", seq, event });
        if (event.type === "run.finished") {
          // The server ends the stream here; without this the browser would reconnect and tail forever.
          end();
          void resync();
        } else if (event.type === "run.paused") void resync();
      };
      // Live tokens (`event: chunk`, no id): placed by offset; every (re)connect resends each streaming node's text from 0.
      current.addEventListener("chunk", (message) => {
        const chunk = parseChunk((message as MessageEvent<string>).data);
        if (chunk) queue({ type: "chunk", ...chunk });
      });
      current.onerror = () => {
        if (ended) return;
        lost = true;
        setConnection("lost");
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (an error answer while the
        // server restarts, or the run is gone): read the result, and open a new stream later unless it ended.
        if (current.readyState !== EventSource.CLOSED) return;
        void resync();
        timer = setTimeout(() => {
          if (!ended && !abort.signal.aborted) connect();
        }, retryMs);
        retryMs = Math.min(retryMs * 2, RECONNECT_CAP_MS);
      };
    };
    connect();
    return () => {
      abort.abort();
      clearTimeout(timer);
      resyncTimers.forEach(clearTimeout);
      if (frame !== null) cancelAnimationFrame(frame);
      stream?.close();
    };
    // The source's URLs, not its identity, pick the stream.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, source?.result, source?.events]);

  return { view, dispatch, connection: runId ? connection : ("ended" as const) };
}

export { isTerminal };
