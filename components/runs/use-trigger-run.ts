"use client";
/**
 * Follows a run on Trigger.dev through @trigger.dev/react-hooks: `useRealtimeRun` (the
 * coordinator's `metadata.progress` and the platform's status) and `useRealtimeStream` (LLM
 * text), dispatched into the SAME run view reducer as the SSE path. The public access token
 * (read scope, this run only) comes from GET /api/runs/:id/trigger-token, which also refreshes it
 * and names a self-hosted instance's API (`apiUrl`, passed to the hooks as `baseURL`).
 * No @trigger.dev/sdk here: client code imports the react hooks and types only.
 *
 * The LLM stream closes after STREAM_QUIET_SECONDS without text (an approval can take days); the
 * next update of the run (it resumed, a wave started) opens it again from where it stopped
 * (the hook keeps the last event id, so nothing is shown twice).
 */
import { useEffect, useRef, useState, type Dispatch } from "react";
import { z } from "zod";
import { useRealtimeRun, useRealtimeStream } from "@trigger.dev/react-hooks";
import { LLM_STREAM_ID, type LlmStreamChunk } from "@/lib/runs/trigger/contract";
import type { RunView, RunViewAction } from "./run-view-model";
import { parseProgress, progressActions } from "./trigger-mapping";

const runToken = z.object({ triggerRunId: z.string(), publicAccessToken: z.string(), apiUrl: z.string().nullable().optional() });
type RunToken = z.infer<typeof runToken>;

/** Seconds without LLM text after which the stream subscription closes (reopened by the next run update). */
export const STREAM_QUIET_SECONDS = 600;
const FINISHED = new Set(["COMPLETED", "CANCELED", "FAILED", "CRASHED", "SYSTEM_FAILURE", "EXPIRED", "TIMED_OUT"]);

async function fetchToken(runId: string): Promise<RunToken | null> {
  const response = await fetch(`/api/runs/${encodeURIComponent(runId)}/trigger-token`, { cache: "no-store" }).catch(() => null);
  if (!response?.ok) return null;
  const parsed = runToken.safeParse(await response.json().catch(() => null));
  return parsed.success ? parsed.data : null;
}

/** Subscribes while `enabled` (the run's runtime is trigger.dev); does nothing otherwise. */
export function useTriggerRun(runId: string, enabled: boolean, view: RunView | null, dispatch: Dispatch<RunViewAction>): void {
  const [token, setToken] = useState<RunToken | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void fetchToken(runId).then((fresh) => live && setToken(fresh));
    return () => {
      live = false;
    };
  }, [runId, enabled]);

  const client = {
    accessToken: token?.publicAccessToken,
    enabled: Boolean(token),
    refreshAccessToken: async () => (await fetchToken(runId))?.publicAccessToken ?? "",
    ...(token?.apiUrl ? { baseURL: token.apiUrl } : {}),
  };
  const { run } = useRealtimeRun(token?.triggerRunId, client);
  // Off for one render to reopen the stream after a quiet period (the hook subscribes when enabled turns on).
  const [streamOn, setStreamOn] = useState(true);
  const lastText = useRef(0);
  useRealtimeStream<LlmStreamChunk>(token?.triggerRunId ?? "", LLM_STREAM_ID, {
    ...client,
    enabled: client.enabled && streamOn,
    timeoutInSeconds: STREAM_QUIET_SECONDS,
    onData: (chunk) => {
      lastText.current = Date.now();
      dispatch({ type: "chunk", key: { nodeId: chunk.nodeId, path: chunk.path }, text: chunk.text });
    },
  });
  useEffect(() => {
    if (streamOn) return;
    // On again in the next task: the hook saw it off and subscribes anew (from its last event id).
    const reopen = setTimeout(() => setStreamOn(true), 0);
    return () => clearTimeout(reopen);
  }, [streamOn]);
  useEffect(() => {
    if (token) lastText.current = Date.now();
  }, [token]);

  useEffect(() => {
    if (run && !FINISHED.has(run.status) && Date.now() - lastText.current > STREAM_QUIET_SECONDS * 1000) {
      lastText.current = Date.now();
      setStreamOn(false);
    }
    if (!view || !run) return;
    for (const action of progressActions(parseProgress(run.metadata), view, run.status)) dispatch(action);
    // Each realtime update of the run is one new `run` object; the view is read, not followed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run]);
}
