"use client";
/**
 * A run's live view: one EventSource on /api/runs/:id/events feeding the run view reducer, plus
 * the run result (GET /api/runs/:id) when the run pauses or ends (outputs, approval links), or
 * when the stream can't be opened.
 */
import { useEffect, useReducer } from "react";
import { initialRunView, isTerminal, runViewReducer, type RunResultSnapshot, type RunStatus, type RunView, type RunViewAction } from "./run-view-model";
import { parseChunk, parseWireEvent } from "./wire-events";

/** Where a run's result and events are read: the owner's API, or a share link's own (issue 6). */
export type RunSource = { result: string; events: string };
const ownerSource = (runId: string): RunSource => ({ result: `/api/runs/${encodeURIComponent(runId)}`, events: `/api/runs/${encodeURIComponent(runId)}/events` });

async function fetchResult(url: string, signal: AbortSignal): Promise<RunResultSnapshot | null> {
  try {
    const response = await fetch(url, { signal, cache: "no-store" });
    if (!response.ok) return null;
    return (await response.json()) as RunResultSnapshot;
  } catch {
    return null;
  }
}

type HookAction = RunViewAction | { type: "reset"; view: RunView | null };

function hookReducer(view: RunView | null, action: HookAction): RunView | null {
  if (action.type === "reset") return action.view;
  return view ? runViewReducer(view, action) : view;
}

/** The live view of `runId` (null: no run shown). `nodeIds` start as "queued". */
export function useRunView(runId: string | null, nodeIds: readonly string[], initialStatus: RunStatus = "running", source?: RunSource): RunView | null {
  return useRunViewState(runId, nodeIds, initialStatus, source)[0];
}

/** The same, with the reducer's dispatch for a second source of actions (a run on Trigger.dev). */
export function useRunViewState(
  runId: string | null,
  nodeIds: readonly string[],
  initialStatus: RunStatus = "running",
  source?: RunSource,
): [RunView | null, (action: RunViewAction) => void] {
  const [view, dispatch] = useReducer(hookReducer, null, () => (runId ? initialRunView(runId, nodeIds, initialStatus) : null));
  // Another run picked: start its view from scratch (adjusted while rendering, before its events).
  if ((view?.runId ?? null) !== runId) dispatch({ type: "reset", view: runId ? initialRunView(runId, nodeIds, initialStatus) : null });

  useEffect(() => {
    if (!runId) return;
    const abort = new AbortController();
    const urls = source ?? ownerSource(runId);
    const resync = async () => {
      const result = await fetchResult(urls.result, abort.signal);
      if (result && !abort.signal.aborted) dispatch({ type: "snapshot", result });
    };
    const stream = new EventSource(urls.events);
    stream.onmessage = (message) => {
      const event = parseWireEvent(message.data);
      const seq = Number(message.lastEventId);
      if (!event || !Number.isInteger(seq)) return;
      dispatch({ type: "event", seq, event });
      if (event.type === "run.finished") {
        // The server ends the stream here; without this the browser would reconnect and tail forever.
        stream.close();
        void resync();
      } else if (event.type === "run.paused") void resync();
    };
    // Live tokens (`event: chunk`, no id): missed ones are not replayed; node.completed carries the final text.
    stream.addEventListener("chunk", (message) => {
      const chunk = parseChunk((message as MessageEvent<string>).data);
      if (chunk) dispatch({ type: "chunk", key: chunk.key, text: chunk.text });
    });
    stream.onerror = () => {
      // CLOSED: the server refused the stream (gone, signed out); show what the result says.
      if (stream.readyState === EventSource.CLOSED) void resync();
    };
    return () => {
      abort.abort();
      stream.close();
    };
    // The source's URLs, not its identity, pick the stream.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, source?.result, source?.events]);

  return [view, dispatch];
}

export { isTerminal };
