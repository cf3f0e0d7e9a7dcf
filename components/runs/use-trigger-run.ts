"use client";
/**
 * Follows a run on Trigger.dev through @trigger.dev/react-hooks: `useRealtimeRun` (the
 * coordinator's `metadata.progress` and the platform's status) and `useRealtimeStream` (LLM
 * text), dispatched into the SAME run view reducer as the SSE path. The public access token
 * (read scope, this run only) comes from GET /api/runs/:id/trigger-token, which also refreshes it.
 * No @trigger.dev/sdk here: client code imports the react hooks and types only.
 */
import { useEffect, useState, type Dispatch } from "react";
import { useRealtimeRun, useRealtimeStream } from "@trigger.dev/react-hooks";
import { LLM_STREAM_ID, type LlmStreamChunk } from "@/lib/runs/trigger/contract";
import type { RunView, RunViewAction } from "./run-view-model";
import { parseProgress, progressActions } from "./trigger-mapping";

interface RunToken {
  triggerRunId: string;
  publicAccessToken: string;
}

async function fetchToken(runId: string): Promise<RunToken | null> {
  const response = await fetch(`/api/runs/${encodeURIComponent(runId)}/trigger-token`, { cache: "no-store" }).catch(() => null);
  if (!response?.ok) return null;
  return (await response.json()) as RunToken;
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
  };
  const { run } = useRealtimeRun(token?.triggerRunId, client);
  useRealtimeStream<LlmStreamChunk>(token?.triggerRunId ?? "", LLM_STREAM_ID, {
    ...client,
    timeoutInSeconds: 600,
    onData: (chunk) => dispatch({ type: "chunk", key: { nodeId: chunk.nodeId, path: chunk.path }, text: chunk.text }),
  });

  useEffect(() => {
    if (!view || !run) return;
    for (const action of progressActions(parseProgress(run.metadata), view, run.status)) dispatch(action);
    // Each realtime update of the run is one new `run` object; the view is read, not followed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run]);
}
